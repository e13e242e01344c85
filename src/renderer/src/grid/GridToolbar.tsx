import { useCallback, type ReactNode } from 'react'
import { withShortcut } from './keyBindings'
import { selectionLabel } from './toolbar/selectionLabel'
import { useDebouncedInput } from './useDebounced'

interface Props {
  /** Only its names are shown. */
  resource: { title: string; noun: string }
  /** Why the rows cannot be changed now: the editing actions are then not offered at all. */
  readOnlyReason: string | null
  search: string
  onSearch(search: string): void
  /** The column filters set, each a chip that removes it: a line under the toolbar. */
  filterChips?: ReactNode
  selectedCount: number
  /** Of the selected rows, those already deleted: when all are, the action is Restore. */
  selectedDeletedCount: number
  changeCount: number
  canUndo: boolean
  canRedo: boolean
  isSaving: boolean
  onAdd(): void
  onDeleteSelected(): void
  onRestoreSelected(): void
  onUndo(): void
  onRedo(): void
  onDiscard(): void
  onSave(): void
  /** The bulk-edit menu of the selected rows. */
  bulkEdit?: ReactNode
  /** Everything else (views, columns, export, import, Show deleted, the row form, shortcuts): the More menu, last. */
  more: ReactNode
}

/** One row at any width: search, the editing actions, then the More menu; the filter chips on a line of their own. */
export function GridToolbar(props: Props) {
  const { resource, onSearch } = props
  const settle = useCallback((text: string) => onSearch(text), [onSearch])
  const [text, setText] = useDebouncedInput(props.search, settle, 300)
  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={`${resource.title} actions`}>
        <input
          className="search-input"
          type="search"
          aria-label={`Search ${resource.title.toLowerCase()}`}
          placeholder={`Search ${resource.title.toLowerCase()}…`}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {props.readOnlyReason !== null ? (
          // The reason itself is the banner above the grid (SchemaNotice).
          <>
            <span className="badge badge--warn" role="note" title={props.readOnlyReason}>
              Read-only
            </span>
            <div className="toolbar-spacer" />
          </>
        ) : (
          <EditActions {...props} />
        )}
        {props.more}
      </div>
      {props.filterChips}
    </>
  )
}

/** Add, delete, undo, redo, discard and save: offered only while the database may be written. */
function EditActions(props: Props) {
  const { resource, changeCount } = props
  return (
    <>
      <div className="toolbar-group">
        <button type="button" className="button" onClick={props.onAdd}>
          + Add {resource.noun}
        </button>
        {props.selectedCount > 0 && props.selectedDeletedCount === props.selectedCount ? (
          <button type="button" className="button" onClick={props.onRestoreSelected} {...selectionLabel('Restore', props.selectedCount)} />
        ) : (
          <button
            type="button"
            className="button button--danger-quiet"
            disabled={props.selectedCount === 0}
            onClick={props.onDeleteSelected}
            {...selectionLabel('Delete', props.selectedCount)}
          />
        )}
        {props.bulkEdit}
      </div>
      <div className="toolbar-spacer" />
      <div className="toolbar-group">
        <button type="button" className="button button--icon" aria-label="Undo" {...withShortcut('Undo', 'undo')} disabled={!props.canUndo} onClick={props.onUndo}>
          ↶
        </button>
        <button type="button" className="button button--icon" aria-label="Redo" {...withShortcut('Redo', 'redo')} disabled={!props.canRedo} onClick={props.onRedo}>
          ↷
        </button>
        {/* Undoable: a discard drops everything staged as one step that Undo brings back. */}
        <button type="button" className="button" title="Drop every staged change (Undo brings them back)" disabled={changeCount === 0 || props.isSaving} onClick={props.onDiscard}>
          Discard
        </button>
        <button
          type="button"
          className="button button--primary"
          {...withShortcut('Save', 'save')}
          disabled={changeCount === 0 || props.isSaving}
          onClick={props.onSave}
        >
          {props.isSaving ? 'Saving…' : changeCount === 0 ? 'No changes' : `Save ${changeCount} ${changeCount === 1 ? 'change' : 'changes'}`}
        </button>
      </div>
    </>
  )
}
