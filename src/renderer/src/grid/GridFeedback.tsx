import type { ReactNode } from 'react'
import { withShortcut } from './keyBindings'
import type { SavedCounts } from './useSaveChanges'

/**
 * What the last action did, floating over the bottom of the grid: a message that appears or goes
 * away never moves the grid or scrolls its rows.
 */
export function GridFeedback({ children }: { children: ReactNode }) {
  return <div className="grid-feedback">{children}</div>
}

/** "Saved 3 changes.", counting what the database really changed. */
export function SavedMessage({ saved }: { saved: SavedCounts }) {
  const { changed, alreadyDone } = saved
  return (
    <div className="banner banner-success" role="status">
      Saved {changed} {changed === 1 ? 'change' : 'changes'}.
      {alreadyDone > 0 && ` ${alreadyDone} ${alreadyDone === 1 ? 'was' : 'were'} already done.`}
    </div>
  )
}

/** A note about the action just taken, e.g. which selected rows a delete left alone; with its way back, if any. */
export function ActionNote({ text, onUndo }: { text: string; onUndo?: () => void }) {
  return (
    <div className="banner banner-info" role="status">
      <div className="banner-text">{text}</div>
      {onUndo && (
        <div className="banner-actions">
          <button type="button" className="button button--small" {...withShortcut('Undo', 'undo')} onClick={onUndo}>
            Undo
          </button>
        </div>
      )}
    </div>
  )
}
