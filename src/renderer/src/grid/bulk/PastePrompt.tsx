import { nouns } from '../words'

interface Props {
  /** Pasted rows past the last row. */
  newRowCount: number
  noun: string
  /** Add the rows, paste without them, or (null) cancel the paste. */
  onAnswer(addRows: boolean | null): void
}

/** A paste reaching past the last row asks, before anything is staged, whether to add the rest as new rows. */
export function PastePrompt({ newRowCount, noun, onAnswer }: Props) {
  const added = `${newRowCount} new ${nouns(newRowCount, noun)}`
  return (
    <div
      className="banner banner-info paste-prompt"
      role="alertdialog"
      aria-label="Paste past the last row"
      aria-describedby="paste-prompt-text"
      onKeyDown={(e) => e.key === 'Escape' && onAnswer(null)}
    >
      <span id="paste-prompt-text">
        The pasted block has {newRowCount} {newRowCount === 1 ? 'row' : 'rows'} more than the grid has below. Add {newRowCount === 1 ? 'it' : 'them'} as {added}?
      </span>
      <span className="banner-actions">
        <button type="button" className="button button--primary button--small" autoFocus onClick={() => onAnswer(true)}>
          Add {added}
        </button>
        <button type="button" className="button button--small" onClick={() => onAnswer(false)}>
          Paste without them
        </button>
        <button type="button" className="button button--small" onClick={() => onAnswer(null)}>
          Cancel
        </button>
      </span>
    </div>
  )
}
