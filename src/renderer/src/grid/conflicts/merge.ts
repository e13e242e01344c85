import type { Field, ResourceTypes, RowOf } from '../resourceTypes'
import { dropUpdates, sameValue, type StagedChanges, type StagedUpdate } from '../staging/model'

/** Values compared as sets where order means nothing (a user's role ids). */
const sameFieldValue = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? sameValue([...a].map(String).sort(), [...b].map(String).sort()) : sameValue(a, b)

/** One field the user edited in a row someone else saved meanwhile: the three versions of it. */
export interface FieldConflict<T extends ResourceTypes> {
  field: Field<T>
  /** As read when the edit started. */
  base: unknown
  mine: unknown
  theirs: unknown
  /** The other session changed this field (else only the row's version moved on). */
  theyChanged: boolean
}

/** The fields of a staged update, each with its value as read, as staged, and as saved now. */
export function fieldConflicts<T extends ResourceTypes>(update: StagedUpdate<T>, theirs: RowOf<T>): FieldConflict<T>[] {
  const original: Partial<Record<string, unknown>> = update.original
  const changes: Partial<Record<string, unknown>> = update.changes
  const saved: Record<string, unknown> = theirs
  return (Object.keys(update.changes) as Field<T>[]).map((field) => ({
    field,
    base: original[field],
    mine: changes[field],
    theirs: saved[field],
    theyChanged: !sameFieldValue(saved[field], original[field]),
  }))
}

/** A three-way merge's choice: my edits to the fields nobody else changed. */
export const fieldsNobodyElseChanged = <T extends ResourceTypes>(update: StagedUpdate<T>, theirs: RowOf<T>): Field<T>[] =>
  fieldConflicts(update, theirs).flatMap((conflict) => (conflict.theyChanged ? [] : [conflict.field]))

/** How one conflicting row is settled: on top of the row as saved now, my edits to `keep` stay staged. */
export interface Resolution<T extends ResourceTypes> {
  id: string
  /** The row as saved now; absent when it is not on screen (my edits of it are dropped). */
  theirs?: RowOf<T>
  keep: readonly Field<T>[]
}

/**
 * Settles conflicts: each row's kept edits are restaged on the version saved now (its `updatedAt`,
 * so the save's check passes; its values, as what an edit back drops), the rest give way to theirs.
 * `shows` names the row properties a field's edit shows beside it (an agency's name), dropped with it.
 */
export function resolveConflicts<T extends ResourceTypes>(
  changes: StagedChanges<T>,
  resolutions: readonly Resolution<T>[],
  shows: (field: Field<T>) => readonly string[],
): StagedChanges<T> {
  const unseen = resolutions.flatMap((r) => (r.theirs ? [] : [r.id]))
  const updates = { ...dropUpdates(changes, unseen).updates }
  for (const { id, theirs, keep } of resolutions) {
    const update = updates[id]
    if (!update || !theirs) continue
    const saved: Record<string, unknown> = theirs
    const staged: Partial<Record<string, unknown>> = update.changes
    const kept = keep.filter((field) => field in update.changes && !sameFieldValue(staged[field], saved[field]))
    if (kept.length === 0) {
      Reflect.deleteProperty(updates, id)
      continue
    }
    const keptShows = new Set(kept.flatMap(shows))
    updates[id] = {
      ...update,
      updatedAt: theirs.updatedAt,
      changes: Object.fromEntries(kept.map((field) => [field, staged[field]])) as StagedUpdate<T>['changes'],
      original: Object.fromEntries(kept.map((field) => [field, saved[field]])) as StagedUpdate<T>['original'],
      display: Object.fromEntries(Object.entries(update.display).filter(([key]) => keptShows.has(key))) as StagedUpdate<T>['display'],
    }
  }
  return { ...changes, updates }
}
