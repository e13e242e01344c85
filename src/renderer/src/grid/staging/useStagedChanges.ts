import { useCallback, useMemo, useReducer } from 'react'
import { emptyHistory, historyReducer } from './history'
import {
  addInsert,
  applyBulk,
  applyEdit,
  countChanges,
  noChanges,
  revertRow,
  stageDeletes,
  stageRestores,
  type BulkChange,
  type CellEdit,
  type RowRef,
  type StagedChanges,
} from './model'
import { resolveConflicts, type Resolution } from '../conflicts/merge'
import type { Field, NewRowValues, ResourceTypes } from '../resourceTypes'

export interface Staging<T extends ResourceTypes> {
  changes: StagedChanges<T>
  count: number
  canUndo: boolean
  canRedo: boolean
  edit(edit: CellEdit<T>): void
  /** Edits and new rows of one action (paste, fill, bulk edit): one undo step. */
  editAll(bulk: BulkChange<T>): void
  insert(values: NewRowValues<T>): string
  remove(rows: RowRef[]): void
  restore(rows: RowRef[]): void
  revert(rowId: string): void
  /** Conflicting rows settled on the version saved now (conflicts/merge.ts): one step. */
  resolveConflicts(resolutions: readonly Resolution<T>[], shows: (field: Field<T>) => readonly string[]): void
  undo(): void
  redo(): void
  /** Forget everything staged after a successful save. */
  clear(): void
  /** Drop everything staged as one step that Undo brings back (Discard). */
  discard(): void
}

/** A new row's id in the grid until the save gives it a real one. */
export const newClientId = () => `new-${crypto.randomUUID()}`

export function useStagedChanges<T extends ResourceTypes>(): Staging<T> {
  const [history, dispatch] = useReducer(historyReducer<T>, undefined, emptyHistory<T>)
  const apply = useCallback((change: (c: StagedChanges<T>) => StagedChanges<T>) => dispatch({ type: 'apply', change }), [])
  const actions = useMemo(
    () => ({
      edit: (edit: CellEdit<T>) => apply((c) => applyEdit(c, edit)),
      editAll: (bulk: BulkChange<T>) => apply((c) => applyBulk(c, bulk)),
      insert: (values: NewRowValues<T>) => {
        const clientId = newClientId()
        apply((c) => addInsert(c, { clientId, values, display: {} }))
        return clientId
      },
      remove: (rows: RowRef[]) => apply((c) => stageDeletes(c, rows)),
      restore: (rows: RowRef[]) => apply((c) => stageRestores(c, rows)),
      revert: (rowId: string) => apply((c) => revertRow(c, rowId)),
      resolveConflicts: (resolutions: readonly Resolution<T>[], shows: (field: Field<T>) => readonly string[]) =>
        apply((c) => resolveConflicts(c, resolutions, shows)),
      undo: () => dispatch({ type: 'undo' }),
      redo: () => dispatch({ type: 'redo' }),
      clear: () => dispatch({ type: 'reset' }),
      discard: () => apply((c) => (countChanges(c) === 0 ? c : noChanges<T>())),
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
