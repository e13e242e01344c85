import type { StagedChanges } from './staging/model'
import type { GridColumn, GridResource } from './resource'
import type { ResourceTypes, RowOf } from './resourceTypes'
import type { MoveAfterCommit } from './editors/types'
import type { CellPosition, CellRange, EditingCell } from './useGridNavigation'

/** What rows and cells read from the grid that renders them (handed down as a prop, typed by resource). */
export interface GridContextValue<T extends ResourceTypes, Lookup> {
  gridId: string
  resource: GridResource<T, Lookup>
  dataColumns: readonly GridColumn<T, Lookup>[]
  /** What the resource's columns need for their text (e.g. role names). */
  lookup: Lookup
  changes: StagedChanges<T>
  /** Refused-save messages by `cellKey(rowId, field)`. */
  cellErrors: ReadonlyMap<string, string>
  /** Refused-save messages about a whole row (a conflict, an agency that still has users), by row id. */
  rowErrors: ReadonlyMap<string, string>
  /** Rows another session saved a moment ago (live updates): each shows a fading hint. */
  recentlyChanged: ReadonlySet<string>
  /** The open database may not be written: nothing can be edited, toggled or restored. */
  readOnly: boolean
  /** The grid itself has the keyboard focus (not an editor, not elsewhere): the active cell shows its full text. */
  focused: boolean
  active: CellPosition
  range: CellRange
  editing: EditingCell | null
  select(cell: CellPosition, extend: boolean): void
  activate(cell: CellPosition): void
  commit(cell: CellPosition, row: RowOf<T>, value: unknown, display?: Partial<RowOf<T>>, move?: MoveAfterCommit): string | null
  cancelEdit(): void
  /** The open editor's way to commit its value now (see EditSession). */
  registerEditorCommit(commitNow: (() => boolean) | null): void
  toggle(row: RowOf<T>, column: GridColumn<T, Lookup>): void
  revert(row: RowOf<T>): void
  restore(row: RowOf<T>): void
  /** Staged rows someone else saved meanwhile, with their version (resolved in the row form). */
  conflicts: ReadonlyMap<string, RowOf<T>>
  /** Opens the row form on this row (its row header becomes the active cell). */
  openForm(rowIndex: number): void
}

export const cellKey = (rowId: string, field: string) => `${rowId}\u0000${field}`
export const cellDomId = (gridId: string, row: number, col: number) => `${gridId}-r${row}-c${col}`
