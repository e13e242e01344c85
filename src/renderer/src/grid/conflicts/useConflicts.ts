import { useCallback, useMemo } from 'react'
import type { GridResource } from '../resource'
import type { Field, ResourceTypes, RowOf } from '../resourceTypes'
import { changedElsewhere, withConflicts } from '../staging/conflicts'
import type { Staging } from '../staging/useStagedChanges'
import type { SaveRefusal } from '../useSaveChanges'
import { fieldsNobodyElseChanged, type Resolution } from './merge'

interface Options<T extends ResourceTypes, Lookup> {
  resource: GridResource<T, Lookup>
  staging: Staging<T>
  /** The saved rows as last read (a refresh on focus, a live update, the read after a refused save). */
  loadedRows: readonly RowOf<T>[]
  refusal: SaveRefusal | null
  clearRowError(rowId: string): void
  dismissRefusal(): void
}

/** Staged rows someone else saved since the edit started, and the ways to settle them. */
export function useConflicts<T extends ResourceTypes, Lookup>({ resource, staging, loadedRows, refusal, clearRowError, dismissRefusal }: Options<T, Lookup>) {
  const { changes } = staging
  /** Their version of each conflicting row, by id. */
  const theirs = useMemo(() => {
    const byId = new Map<string, RowOf<T>>()
    for (const row of loadedRows) {
      const update = changes.updates[row.id]
      if (update && !changes.deletes[row.id] && update.updatedAt !== row.updatedAt) byId.set(row.id, row)
    }
    return byId
  }, [changes, loadedRows])

  const { columns } = resource
  const shows = useCallback((field: Field<T>) => columns.find((c) => c.edit?.field === field)?.edit?.shows ?? [], [columns])

  const settle = (resolutions: Resolution<T>[]) => {
    staging.resolveConflicts(resolutions, shows)
    const settled = new Set(resolutions.map((r) => r.id))
    settled.forEach(clearRowError)
    // The refused save's banner goes once every row it named is settled.
    if (refusal?.error.code === 'conflict' && refusal.conflictRowIds.every((id) => settled.has(id) || !changes.updates[id])) dismissRefusal()
  }

  // Staged rows read again (a refresh on focus, or a live update) after someone else changed them are conflicts at once.
  const marked = useMemo(() => changedElsewhere(changes, loadedRows), [changes, loadedRows])
  /** Keeps my edits to `keep` (on their version), takes theirs for the row's other fields. */
  const resolve = (rowId: string, keep: readonly Field<T>[]) => settle([{ id: rowId, theirs: theirs.get(rowId), keep }])
  /**
   * Reads the rows as saved now, keeping my edits to the fields nobody else changed (a three-way
   * merge against the values the edits started from). A row not on screen loses its edits.
   */
  const reload = (rowIds: readonly string[]) =>
    settle(
      rowIds.map((id) => {
        const row = theirs.get(id)
        const update = changes.updates[id]
        return { id, theirs: row, keep: row && update ? fieldsNobodyElseChanged(update, row) : [] }
      }),
    )

  return {
    theirs,
    /** The save's row errors, with the conflicts noticed since the rows were read again. */
    rowErrorsWith: (rowErrors: ReadonlyMap<string, string>) => withConflicts(rowErrors, marked),
    resolve,
    reload,
    /** What the row form shows and does about its row's conflict. */
    ofRow: (row: RowOf<T> | undefined) => ({
      theirs: row && theirs.get(row.id),
      onResolve: (keep: readonly Field<T>[]) => row && resolve(row.id, keep),
      onReload: () => row && reload([row.id]),
    }),
  }
}
