import type { ResourceTypes, RowOf } from '../resourceTypes'
import type { StagedChanges } from './model'

export const CHANGED_ELSEWHERE =
  'Changed by someone else since you edited it. Resolve compares their values with yours, field by field; Save asks before overwriting it.'

/**
 * Staged updates whose row, as read again (a refresh when the window regains focus), carries
 * another `updatedAt` than the one the edit was based on: someone else changed it meanwhile.
 * The save would be refused as a conflict; the row says so at once. By row id.
 */
export function changedElsewhere<T extends ResourceTypes>(changes: StagedChanges<T>, rows: readonly RowOf<T>[]): ReadonlyMap<string, string> {
  const conflicts = new Map<string, string>()
  for (const row of rows) {
    const update = changes.updates[row.id]
    if (update && !changes.deletes[row.id] && update.updatedAt !== row.updatedAt) conflicts.set(row.id, CHANGED_ELSEWHERE)
  }
  return conflicts
}

/** Refused-save messages first (they are the server's word), then the conflicts seen since. */
export function withConflicts(rowErrors: ReadonlyMap<string, string>, conflicts: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  if (conflicts.size === 0) return rowErrors
  return new Map([...conflicts, ...rowErrors])
}
