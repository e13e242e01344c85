import { useCallback, useMemo, useReducer } from 'react'
import { emptyHistory, historyReducer } from './history'
import {
  addInsert,
  applyEdit,
  countChanges,
  dropUpdates,
  revertRow,
  stageDeletes,
  stageRestores,
  type CellEdit,
  type RowRef,
  type StagedChanges,
} from './model'

export interface Staging {
  changes: StagedChanges
  count: number
  canUndo: boolean
  canRedo: boolean
  edit(edit: CellEdit): void
  insert(values: Record<string, unknown>): string
  remove(rows: RowRef[]): void
  restore(rows: RowRef[]): void
  revert(rowId: string): void
  dropUpdates(rowIds: string[]): void
  undo(): void
  redo(): void
  /** Forget everything staged (Discard, or after a successful save). */
  clear(): void
}

export function useStagedChanges(): Staging {
  const [history, dispatch] = useReducer(historyReducer, emptyHistory)
  const apply = useCallback((change: (c: StagedChanges) => StagedChanges) => dispatch({ type: 'apply', change }), [])
  const actions = useMemo(
    () => ({
      edit: (edit: CellEdit) => apply((c) => applyEdit(c, edit)),
      insert: (values: Record<string, unknown>) => {
        const clientId = `new-${crypto.randomUUID()}`
        apply((c) => addInsert(c, { clientId, values, display: {} }))
        return clientId
      },
      remove: (rows: RowRef[]) => apply((c) => stageDeletes(c, rows)),
      restore: (rows: RowRef[]) => apply((c) => stageRestores(c, rows)),
      revert: (rowId: string) => apply((c) => revertRow(c, rowId)),
      dropUpdates: (rowIds: string[]) => apply((c) => dropUpdates(c, rowIds)),
      undo: () => dispatch({ type: 'undo' }),
      redo: () => dispatch({ type: 'redo' }),
      clear: () => dispatch({ type: 'reset' }),
    }),
    [apply],
  )
  return {
    ...actions,
    changes: history.present,
    count: countChanges(history.present),
    canUndo: history.past.length > 0,
    canRedo: history.future.length > 0,
  }
}
