import { createContext, use } from 'react'
import type { CommittedValue } from './CellEditor'
import type { MoveAfterCommit } from './editors/types'
import type { StagedChanges } from './staging/model'
import type { GridColumnDef } from './columns'
import type { CellPosition, CellRange, EditingCell } from './useGridNavigation'
import type { GridResource, GridRow } from './types'

/** What rows and cells read from the grid that renders them. */
export interface GridContextValue {
  gridId: string
  resource: GridResource
  dataColumns: GridColumnDef[]
  changes: StagedChanges
  /** Refused-save messages by `cellKey(rowId, field)`. */
  cellErrors: ReadonlyMap<string, string>
  /** Refused-save messages about a whole row (a conflict, an agency that still has users), by row id. */
  rowErrors: ReadonlyMap<string, string>
  roleNames: ReadonlyMap<string, string>
  /** The open database may not be written: nothing can be edited, toggled or restored. */
  readOnly: boolean
  active: CellPosition
  range: CellRange
  editing: EditingCell | null
  select(cell: CellPosition, extend: boolean): void
  activate(cell: CellPosition): void
  commit(cell: CellPosition, row: GridRow, value: CommittedValue, move?: MoveAfterCommit): string | null
  cancelEdit(): void
  /** The open editor's way to commit its value now (see CellEditor). */
  registerEditorCommit(commitNow: (() => boolean) | null): void
  toggle(row: GridRow, field: string): void
  revert(row: GridRow): void
  restore(row: GridRow): void
}

export const GridContext = createContext<GridContextValue | null>(null)

export function useGridContext(): GridContextValue {
  const value = use(GridContext)
  if (!value) throw new Error('Grid parts must be rendered inside <Grid>')
  return value
}

export const cellKey = (rowId: string, field: string) => `${rowId}\u0000${field}`
export const cellDomId = (gridId: string, row: number, col: number) => `${gridId}-r${row}-c${col}`
