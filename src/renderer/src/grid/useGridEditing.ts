import { useCallback } from 'react'
import type { CommittedValue } from './CellEditor'
import type { GridColumnDef } from './columns'
import type { MoveAfterCommit } from './editors/types'
import { cellKey } from './GridContext'
import { rowState } from './staging/model'
import type { Staging } from './staging/useStagedChanges'
import type { CellPosition, EditingCell } from './useGridNavigation'
import type { GridResource, GridRow } from './types'

interface Options {
  resource: GridResource
  dataColumns: GridColumnDef[]
  staging: Staging
  rowAtIndex(index: number): GridRow | undefined
  setEditing(editing: EditingCell | null): void
  moveTo(cell: CellPosition): void
  clearCellError(key: string): void
  focusGrid(): void
}

/** Checks a value with the main process's rule for its field; the parsed value (trimmed…) is what gets staged. */
export function checkField(resource: GridResource, field: string, value: unknown): { ok: true; value: unknown } | { ok: false; message: string } {
  const rule = resource.fieldRules[field]
  if (!rule) return { ok: true, value }
  const parsed = rule.safeParse(value)
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, message: parsed.error.issues[0]?.message ?? 'Not a valid value' }
}

/** Starting, checking, staging and leaving cell edits. */
export function useGridEditing({ resource, dataColumns, staging, rowAtIndex, setEditing, moveTo, clearCellError, focusGrid }: Options) {
  const stage = useCallback(
    (row: GridRow, field: string, committed: CommittedValue): string | null => {
      const checked = checkField(resource, field, committed.value)
      if (!checked.ok) return checked.message
      staging.edit({ row, title: resource.describe(row), field, value: checked.value, display: committed.display })
      clearCellError(cellKey(row.id, field))
      return null
    },
    [resource, staging, clearCellError],
  )

  const toggle = useCallback((row: GridRow, field: string) => void stage(row, field, { value: !row[field] }), [stage])

  const activate = useCallback(
    (cell: CellPosition, seed?: string) => {
      const row = rowAtIndex(cell.row)
      const meta = dataColumns[cell.col]?.meta
      if (!row || !meta?.field || meta.editor === 'readonly') return
      const state = rowState(staging.changes, row.id)
      if (state === 'deleted' || (row.deletedAt && state !== 'restored')) return
      if (meta.editor === 'boolean') {
        if (seed === undefined || seed === ' ') toggle(row, meta.field)
        return
      }
      setEditing({ ...cell, seed })
    },
    [rowAtIndex, dataColumns, staging.changes, toggle, setEditing],
  )

  const commit = useCallback(
    (cell: CellPosition, row: GridRow, committed: CommittedValue, move?: MoveAfterCommit): string | null => {
      const field = dataColumns[cell.col]?.meta?.field
      if (!field) return null
      const refusal = stage(row, field, committed)
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

  return { activate, commit, cancelEdit, toggle }
}
