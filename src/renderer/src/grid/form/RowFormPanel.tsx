import * as Dialog from '@radix-ui/react-dialog'
import { useId, useRef } from 'react'
import { ConflictView } from '../conflicts/ConflictView'
import { cellKey } from '../GridContext'
import { withShortcut } from '../keyBindings'
import type { GridResource } from '../resource'
import type { Field, ResourceTypes, RowOf } from '../resourceTypes'
import { acceptsEdits, rowState, type StagedChanges } from '../staging/model'
import { FormField } from './FormField'
import './rowForm.css'

interface Props<T extends ResourceTypes, Lookup> {
  /** The grid's frame: the panel is laid out in it, beside the rows, so the toolbar, header and status bar stay in reach. */
  container: HTMLElement | null
  open: boolean
  onOpenChange(open: boolean): void
  /** Where the focus goes back to when the panel closes: the grid's active cell. */
  onClosed(): void
  resource: GridResource<T, Lookup>
  lookup: Lookup
  /** The grid's active row, with its staged edits; undefined while it is still loading. */
  row: RowOf<T> | undefined
  changes: StagedChanges<T>
  cellErrors: ReadonlyMap<string, string>
  readOnly: boolean
  stage(row: RowOf<T>, field: Field<T>, value: unknown, display?: Partial<RowOf<T>>): string | null
  undo(): void
  redo(): void
  registerCommit(commitNow: (() => boolean) | null): void
  /** The row as someone else saved it since it was edited (a conflict), if so. */
  theirs: RowOf<T> | undefined
  onResolve(keep: readonly Field<T>[]): void
  onReload(): void
  changeCount: number
  isSaving: boolean
  onSave(): void
}

/**
 * The grid's active row as a form, in a side sheet beside the grid's rows (non-modal: the grid stays
 * in use, and moving in it moves the form). It edits the same staged row, through the same rules and
 * the same undo; a conflicting row shows theirs beside mine first.
 */
export function RowFormPanel<T extends ResourceTypes, Lookup>(props: Props<T, Lookup>) {
  const { resource, row, changes, theirs } = props
  const id = useId().replace(/:/g, '')
  const body = useRef<HTMLDivElement>(null)
  const title = row ? resource.describe(row) || `New ${resource.noun}` : resource.title
  const state = row ? rowState(changes, row.id) : null
  const disabled = !row || props.readOnly || !acceptsEdits(changes, row)
  const update = row ? changes.updates[row.id] : undefined
  return (
    <Dialog.Root open={props.open} onOpenChange={props.onOpenChange} modal={false}>
      <Dialog.Portal container={props.container}>
        <Dialog.Content
          className="row-form"
          // The grid beside it stays in use: clicking a row there shows that row here.
          onInteractOutside={(event) => event.preventDefault()}
          onOpenAutoFocus={(event) => {
            event.preventDefault()
            body.current?.querySelector<HTMLElement>('input:not(:disabled), button:not(:disabled)')?.focus()
          }}
          onCloseAutoFocus={(event) => {
            event.preventDefault()
            props.onClosed()
          }}
        >
          <header className="row-form-header">
            <div className="row-form-heading">
              <span className="row-form-kind">
                {resource.noun}
                {state && ` · staged: ${state}`}
              </span>
              <Dialog.Title className="row-form-title">{title}</Dialog.Title>
            </div>
            <Dialog.Close className="button button--quiet button--icon" aria-label="Close form" title="Close (Esc)">
              ✕
            </Dialog.Close>
          </header>
          <Dialog.Description className="visually-hidden">
            Every field of the {resource.noun}, staged like an edit in the grid: Save writes it, Ctrl+Z undoes it.
          </Dialog.Description>
          <div ref={body} className="row-form-body">
            {row && theirs && update && (
              <ConflictView
                key={`${row.id}-${theirs.updatedAt}`}
                id={`${id}-conflict`}
                noun={resource.noun}
                columns={resource.columns}
                lookup={props.lookup}
                update={update}
                mine={row}
                theirs={theirs}
                onResolve={props.onResolve}
                onReload={props.onReload}
              />
            )}
            {row ? (
              <div className="row-form-fields">
                {resource.columns.map((column) => (
                  <FormField
                    // A new row starts the fields afresh (no draft carried over).
                    key={`${row.id}-${column.id}`}
                    id={`${id}-${column.id}`}
                    column={column}
                    row={row}
                    lookup={props.lookup}
                    title={title}
                    disabled={disabled}
                    changed={column.edit !== undefined && update !== undefined && column.edit.field in update.changes}
                    savedError={column.edit ? props.cellErrors.get(cellKey(row.id, column.edit.field)) : undefined}
                    stage={props.stage}
                    undo={props.undo}
                    redo={props.redo}
                    registerCommit={props.registerCommit}
                  />
                ))}
              </div>
            ) : (
              <p className="row-form-note">No {resource.noun} is selected.</p>
            )}
          </div>
          <footer className="row-form-footer">
            <span className="row-form-note">Edits are staged, as in the grid.</span>
            {!props.readOnly && (
              <button
                type="button"
                className="button button--primary"
                {...withShortcut('Save', 'save')}
                disabled={props.changeCount === 0 || props.isSaving}
                onClick={props.onSave}
              >
                {/* Not the toolbar's words ("Save 3 changes"): one name, one button. */}
                {props.isSaving ? 'Saving…' : props.changeCount === 0 ? 'Save' : `Save (${props.changeCount})`}
              </button>
            )}
          </footer>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
