import { useCallback } from 'react'
import type { MoveAfterCommit } from './editors/types'
import { cellKey } from './GridContext'
import type { GridColumn, GridResource } from './resource'
import type { Changes, Field, ResourceTypes, RowOf } from './resourceTypes'
import { acceptsEdits } from './staging/model'
import type { Staging } from './staging/useStagedChanges'
import type { CellPosition, EditingCell } from './useGridNavigation'

interface Options<T extends ResourceTypes, Lookup> {
  resource: GridResource<T, Lookup>
  dataColumns: readonly GridColumn<T, Lookup>[]
  staging: Staging<T>
  rowAtIndex(index: number): RowOf<T> | undefined
  setEditing(editing: EditingCell | null): void
  moveTo(cell: CellPosition): void
  clearCellError(key: string): void
  focusGrid(): void
}

type Checked<Value> = { ok: true; value: Value } | { ok: false; message: string }

/** Checks a value with the main process's rule for its field; the parsed value (trimmed…) is what gets staged. */
export function checkField<T extends ResourceTypes, F extends Field<T>>(resource: Pick<GridResource<T, unknown>, 'fieldRules'>, field: F, value: unknown): Checked<Changes<T>[F]> {
  const parsed = resource.fieldRules[field].safeParse(value)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: parsed.error.issues[0]?.message ?? 'Not a valid value' }
}

/** Starting, checking, staging and leaving cell edits. */
export function useGridEditing<T extends ResourceTypes, Lookup>({ resource, dataColumns, staging, rowAtIndex, setEditing, moveTo, clearCellError, focusGrid }: Options<T, Lookup>) {
  const stage = useCallback(
    (row: RowOf<T>, field: Field<T>, value: unknown, display?: Partial<RowOf<T>>): string | null => {
      const checked = checkField(resource, field, value)
      if (!checked.ok) return checked.message
      staging.edit({ row, title: resource.describe(row), field, value: checked.value, display })
      clearCellError(cellKey(row.id, field))
      return null
    },
    [resource, staging, clearCellError],
  )

  const toggle = useCallback(
    (row: RowOf<T>, column: GridColumn<T, Lookup>) => {
      const edit = column.edit
      if (edit && 'toggle' in edit) stage(row, edit.field, edit.toggle(row))
    },
    [stage],
  )

  const activate = useCallback(
    (cell: CellPosition, seed?: string) => {
      const row = rowAtIndex(cell.row)
      const column = dataColumns[cell.col]
      if (!row || !column?.edit) return
      if (!acceptsEdits(staging.changes, row)) return
      if ('toggle' in column.edit) {
        if (seed === undefined || seed === ' ') toggle(row, column)
        return
      }
      setEditing({ ...cell, seed })
    },
    [rowAtIndex, dataColumns, staging.changes, toggle, setEditing],
  )

  const commit = useCallback(
    (cell: CellPosition, row: RowOf<T>, value: unknown, display?: Partial<RowOf<T>>, move?: MoveAfterCommit): string | null => {
      const field = dataColumns[cell.col]?.edit?.field
      if (!field) return null
      const refusal = stage(row, field, value, display)
      if (refusal) return refusal
      setEditing(null)
      focusGrid()
      if (move) moveTo({ row: cell.row, col: cell.col + (move === 'right' ? 1 : -1) })
      return null
    },
    [dataColumns, stage, setEditing, focusGrid, moveTo],
  )

  const cancelEdit = useCallback(() => {
    setEditing(null)
    focusGrid()
  }, [setEditing, focusGrid])

  return { activate, commit, cancelEdit, toggle, stage }
}
