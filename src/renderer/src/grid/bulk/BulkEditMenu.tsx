import * as Popover from '@radix-ui/react-popover'
import { useState, type KeyboardEvent } from 'react'
import type { BulkEdit, GridResource } from '../resource'
import type { ResourceTypes, RowOf } from '../resourceTypes'
import { selectionLabel } from '../toolbar/selectionLabel'
import { nouns } from '../words'
import type { FieldChange } from './cellChanges'

interface Props<T extends ResourceTypes, Lookup> {
  resource: Pick<GridResource<T, Lookup>, 'bulkEdits' | 'noun'>
  /** The selected rows, as shown. */
  rows: readonly RowOf<T>[]
  lookup: Lookup
  /** Selected rows that are deleted: the menu offers to restore them. */
  deletedCount: number
  onRestore(): void
  onEdit(rows: readonly RowOf<T>[], change: (row: RowOf<T>) => readonly FieldChange<T>[]): void
}

type FormEdit<T extends ResourceTypes, Lookup> = Extract<BulkEdit<T, Lookup>, { Form: unknown }>

/** Arrow keys move between the menu's items, as in any menu. */
function moveFocus(event: KeyboardEvent<HTMLDivElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
  event.preventDefault()
  const items = [...event.currentTarget.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')]
  const at = items.indexOf(document.activeElement as HTMLButtonElement)
  items[(at + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length]?.focus()
}

/**
 * "Edit N selected": the resource's bulk edits of the selected rows (each one staged, undoable
 * step) and Restore for the deleted ones among them. An edit with a form (a picker) opens it under
 * the same button.
 */
export function BulkEditMenu<T extends ResourceTypes, Lookup>({ resource, rows, lookup, deletedCount, onRestore, onEdit }: Props<T, Lookup>) {
  const [menuOpen, setMenuOpen] = useState(false)
  const [form, setForm] = useState<FormEdit<T, Lookup> | null>(null)
  const edits = resource.bulkEdits ?? []
  const count = rows.length
  const who = `${count} selected ${nouns(count, resource.noun)}`
  const button = (
    <button type="button" className="button" disabled={count === 0} aria-haspopup="dialog" aria-expanded={menuOpen || form !== null} {...selectionLabel('Edit', count, ' ▾')} />
  )

  if (form) {
    return (
      <form.Form
        rows={rows}
        lookup={lookup}
        label={`${form.label} of ${who}`}
        anchor={button}
        apply={(change) => {
          onEdit(rows, change)
          setForm(null)
        }}
        close={() => setForm(null)}
      />
    )
  }
  const choose = (edit: BulkEdit<T, Lookup>) => {
    setMenuOpen(false)
    if ('Form' in edit) setForm(edit)
    else onEdit(rows, edit.change)
  }
  return (
    <Popover.Root open={menuOpen} onOpenChange={setMenuOpen}>
      <Popover.Trigger asChild>{button}</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="picker menu" align="start" sideOffset={4} aria-label={`Edit ${who}`} onKeyDown={moveFocus}>
          <div className="picker-note">Changes every selected {resource.noun}, as one step to undo</div>
          {edits.map((edit) => (
            <button key={edit.label} type="button" className="menu-item" onClick={() => choose(edit)}>
              {'Form' in edit ? `${edit.label}…` : edit.label}
            </button>
          ))}
          {deletedCount > 0 && (
            <button
              type="button"
              className="menu-item"
              onClick={() => {
                setMenuOpen(false)
                onRestore()
              }}
            >
              Restore {deletedCount} deleted
            </button>
          )}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
