import * as Popover from '@radix-ui/react-popover'
import { useId, useState, type FormEvent } from 'react'
import type { GridViewControl } from './useGridView'
import { MAX_VIEW_NAME, sameView } from './savedViews'
import { useSavedViews } from './useSavedViews'
import '../grid/filters/filters.css'
import './views.css'

interface Props {
  /** The screen whose views these are. */
  screen: string
  view: Pick<GridViewControl, 'view' | 'setView'>
}

/**
 * The toolbar's Views menu: the view on screen (search, sort, filters) saved under a name, and the
 * saved ones reopened or deleted. Its button names the saved view being shown.
 */
export function SavedViewsMenu({ screen, view }: Props) {
  const saved = useSavedViews(screen)
  const [open, setOpen] = useState(false)
  const [name, setName] = useState('')
  const titleId = useId()
  const current = saved.views.find((candidate) => sameView(candidate.view, view.view))

  const save = (event: FormEvent) => {
    event.preventDefault()
    if (name.trim() === '') return
    saved.save(name, view.view)
    setName('')
  }
  return (
    <Popover.Root
      open={open}
      onOpenChange={(next) => {
        setOpen(next)
        if (next) setName(current?.name ?? '')
      }}
    >
      <Popover.Trigger asChild>
        <button type="button" className="button" aria-haspopup="dialog" aria-expanded={open} title="Save this view (search, sort, filters) or open a saved one">
          {current ? `View: ${current.name}` : 'Views'}
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="picker views-panel" align="start" sideOffset={4} collisionPadding={8} role="dialog" aria-labelledby={titleId}>
          <h2 id={titleId} className="views-title">
            Saved views
          </h2>
          {saved.views.length === 0 ? (
            <p className="picker-note">No saved views yet: save this one below.</p>
          ) : (
            <ul className="views-list" aria-label="Saved views">
              {saved.views.map((candidate) => (
                <li key={candidate.name} className="views-item">
                  <button
                    type="button"
                    className="views-open"
                    aria-current={candidate === current || undefined}
                    onClick={() => {
                      view.setView(candidate.view)
                      setOpen(false)
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
              className="filter-text"
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
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
