import { useState, type FormEvent } from 'react'
import { ToolbarPanel, type ToolbarPanelProps } from '../grid/toolbar/ToolbarPanel'
import type { GridViewControl } from './useGridView'
import { MAX_VIEW_NAME, sameView, type SavedView } from './savedViews'
import type { useSavedViews } from './useSavedViews'
import '../grid/filters/filters.css'
import './views.css'

interface Props extends ToolbarPanelProps {
  /** The screen's saved views (useSavedViews). */
  saved: ReturnType<typeof useSavedViews>
  view: Pick<GridViewControl, 'view' | 'setView'>
}

/** The saved view being shown, if the view on screen is one: the More menu names it. */
export const currentSavedView = (views: readonly SavedView[], view: GridViewControl['view']) => views.find((candidate) => sameView(candidate.view, view))

/**
 * The toolbar's Views panel: the view on screen (search, sort, filters) saved under a name, and the
 * saved ones reopened or deleted.
 */
export function SavedViewsMenu({ saved, view, open, onOpenChange, anchor }: Props) {
  const [name, setName] = useState('')
  const current = currentSavedView(saved.views, view.view)
  // Each opening starts from the shown view's name (set while rendering, so no frame shows the old one).
  const [wasOpen, setWasOpen] = useState(open)
  if (open !== wasOpen) {
    setWasOpen(open)
    if (open) setName(current?.name ?? '')
  }

  const save = (event: FormEvent) => {
    event.preventDefault()
    if (name.trim() === '') return
    saved.save(name, view.view)
    setName('')
  }
  return (
    <ToolbarPanel open={open} onOpenChange={onOpenChange} anchor={anchor} title="Saved views">
      {saved.views.length === 0 ? (
        <p className="picker-note views-note">No saved views yet: save this one below.</p>
      ) : (
        <ul className="menu-list" aria-label="Saved views">
          {saved.views.map((candidate) => (
            <li key={candidate.name} className="menu-list-item">
              <button
                type="button"
                className="views-open"
                aria-current={candidate === current || undefined}
                onClick={() => {
                  view.setView(candidate.view)
                  onOpenChange(false)
                }}
              >
                {candidate.name}
              </button>
              <button type="button" className="button button--icon button--small" aria-label={`Delete view ${candidate.name}`} onClick={() => saved.remove(candidate.name)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="views-save" onSubmit={save}>
        <input
          className="text-input text-input--compact"
          aria-label="View name"
          placeholder="Name this view…"
          maxLength={MAX_VIEW_NAME}
          value={name}
          disabled={!saved.canSave}
          onChange={(e) => setName(e.target.value)}
        />
        <button type="submit" className="button button--small button--primary" disabled={!saved.canSave || name.trim() === ''}>
          {saved.views.some((candidate) => candidate.name === name.trim()) ? 'Replace' : 'Save view'}
        </button>
      </form>
    </ToolbarPanel>
  )
}
