import type { ResourceTypes, SaveRequest } from '../resourceTypes'
import type { StagedChanges } from './model'

/**
 * The one batch a save sends; `overwrite` names updates the user chose to force past a conflict.
 * Only soft-delete resources take `restores`: the others' batch schema refuses the key.
 */
export function toSaveRequest<T extends ResourceTypes>(
  changes: StagedChanges<T>,
  softDelete: boolean,
  overwrite: ReadonlySet<string> = new Set(),
): SaveRequest<T> {
  const request: SaveRequest<T> = {
    // Oldest first, as they were added.
    inserts: [...changes.inserts].reverse().map((i) => ({ ...i.values, clientId: i.clientId })),
    updates: Object.values(changes.updates)
      .filter((u) => !changes.deletes[u.id])
      .map((u) => ({ id: u.id, updatedAt: u.updatedAt, changes: u.changes, ...(overwrite.has(u.id) ? { overwrite: true } : {}) })),
    deletes: Object.keys(changes.deletes).map((id) => ({ id })),
  }
  return softDelete ? { ...request, restores: Object.keys(changes.restores).map((id) => ({ id })) } : request
}
