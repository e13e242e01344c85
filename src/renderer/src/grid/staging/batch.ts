import type { SaveRequest } from '../types'
import type { StagedChanges } from './model'

/** The one batch a save sends; `overwrite` names updates the user chose to force past a conflict. */
export function toSaveRequest(changes: StagedChanges, overwrite: ReadonlySet<string> = new Set()): SaveRequest {
  return {
    // Oldest first, as they were added.
    inserts: [...changes.inserts].reverse().map((i) => ({ ...i.values, clientId: i.clientId })),
    updates: Object.values(changes.updates)
      .filter((u) => !changes.deletes[u.id])
      .map((u) => ({ id: u.id, updatedAt: u.updatedAt, changes: u.changes, ...(overwrite.has(u.id) ? { overwrite: true } : {}) })),
    deletes: Object.keys(changes.deletes).map((id) => ({ id })),
    restores: Object.keys(changes.restores).map((id) => ({ id })),
  }
}
