import type { MouseEvent } from 'react'
import { ToolbarPanel, type ToolbarPanelProps } from '../toolbar/ToolbarPanel'
import { canMove, moveColumn, setHidden, shownOrder } from './columnLayout'
import type { ColumnLayoutControl } from './useColumnLayout'
import './columns.css'

interface Props extends ToolbarPanelProps {
  /** The resource's columns (their titles). */
  columns: readonly { id: string; header: string }[]
  control: Pick<ColumnLayoutControl, 'layout' | 'keyId' | 'update' | 'reset'>
}

/**
 * Keeps the keyboard on a move button after its row moved (React may re-insert the row, which drops
 * the focus); at the end of the list, on the row's other move button.
 */
function keepFocus(event: MouseEvent<HTMLButtonElement>) {
  const button = event.currentTarget
  requestAnimationFrame(() => {
    const other = button.parentElement?.querySelector<HTMLButtonElement>('.columns-move:not(:disabled)')
    ;(button.disabled ? other : button)?.focus()
  })
}

/**
 * The toolbar's Columns panel: show or hide each column, move it up or down (the keyboard's way to
 * reorder; headers can also be dragged), freeze the key column, or go back to the default layout.
 */
export function ColumnsMenu({ columns, control, open, onOpenChange, anchor }: Props) {
  const { layout, keyId, update, reset } = control
  const headers = new Map(columns.map((c) => [c.id, c.header]))
  const hidden = new Set(layout.hidden)
  const keyHeader = headers.get(keyId) ?? keyId
  return (
    <ToolbarPanel open={open} onOpenChange={onOpenChange} anchor={anchor} title="Columns">
      <ul className="menu-list columns-list" aria-label="Columns, left to right">
        {shownOrder(layout, keyId).map((id) => {
          const header = headers.get(id) ?? id
          const isKey = id === keyId
          return (
            <li key={id} className="menu-list-item columns-item">
              <label className="columns-check" title={isKey ? `${header} names each row: always shown` : undefined}>
                <input
                  type="checkbox"
                  checked={!hidden.has(id)}
                  disabled={isKey}
                  onChange={(e) => update((current) => setHidden(current, keyId, id, !e.target.checked))}
                />
                {header}
              </label>
              <button
                type="button"
                className="button button--icon button--small columns-move"
                aria-label={`Move ${header} up`}
                disabled={!canMove(layout, keyId, id, -1)}
                onClick={(e) => {
                  update((current) => moveColumn(current, keyId, id, -1))
                  keepFocus(e)
                }}
              >
                ↑
              </button>
              <button
                type="button"
                className="button button--icon button--small columns-move"
                aria-label={`Move ${header} down`}
                disabled={!canMove(layout, keyId, id, 1)}
                onClick={(e) => {
                  update((current) => moveColumn(current, keyId, id, 1))
                  keepFocus(e)
                }}
              >
                ↓
              </button>
            </li>
          )
        })}
      </ul>
      <label className="columns-check columns-freeze">
        <input type="checkbox" checked={layout.frozen} onChange={(e) => update((current) => ({ ...current, frozen: e.target.checked }))} />
        Freeze {keyHeader} column (stays on the left while scrolling sideways)
      </label>
      <p className="picker-note columns-note">Drag a header to move it; drag its right edge to resize, double-click the edge for the default width.</p>
      <button type="button" className="button" onClick={reset}>
        Reset columns
      </button>
    </ToolbarPanel>
  )
}
