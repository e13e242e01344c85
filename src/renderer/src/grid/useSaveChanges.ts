import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useApi } from '../api/ApiProvider'
import { refetchFresh } from '../api/fresh'
import type { ApiError } from '../../../shared/result'
import { cellKey } from './GridContext'
import { toSaveRequest } from './staging/batch'
import type { Staging } from './staging/useStagedChanges'
import type { GridResource } from './resource'
import type { ResourceTypes } from './resourceTypes'

/** Why the last save was refused, for the banner; cell-level messages go on their cells. */
export interface SaveRefusal {
  error: ApiError
  /** Rows another session changed since they were read (conflict only). */
  conflictRowIds: string[]
}

/** The field of a row-level error: a conflict, or a row that cannot be deleted. */
const ROW_FIELD = '_row'

/** Field errors by cell; a path like `roleIds.1` belongs to the `roleIds` cell. */
function toCellErrors(error: ApiError): Map<string, string> {
  const errors = new Map<string, string>()
  for (const fieldError of error.fieldErrors ?? []) {
    if (!fieldError.rowId || fieldError.field === ROW_FIELD) continue
    const field = fieldError.field.split('.')[0] ?? fieldError.field
    const key = cellKey(fieldError.rowId, field)
    if (!errors.has(key)) errors.set(key, fieldError.message)
  }
  return errors
}

/** Row-level errors by row id. */
function toRowErrors(error: ApiError): Map<string, string> {
  const errors = new Map<string, string>()
  for (const { rowId, field, message } of error.fieldErrors ?? []) {
    if (rowId && field === ROW_FIELD && !errors.has(rowId)) errors.set(rowId, message)
  }
  return errors
}

/** What a successful save changed, and how many of its staged changes the database already had. */
export interface SavedCounts {
  changed: number
  alreadyDone: number
}

const requestedChanges = (request: { inserts: unknown[]; updates: unknown[]; deletes: unknown[]; restores?: unknown[] }) =>
  request.inserts.length + request.updates.length + request.deletes.length + (request.restores?.length ?? 0)

const noErrors: ReadonlyMap<string, string> = new Map()

const without = (errors: ReadonlyMap<string, string>, keys: string[]) => {
  if (!keys.some((key) => errors.has(key))) return errors
  const next = new Map(errors)
  for (const key of keys) next.delete(key)
  return next
}

/**
 * Sends every staged change as one batch. A refused save keeps every staged edit and
 * shows why: on the cells it names, or in a banner.
 */
export function useSaveChanges<T extends ResourceTypes, Lookup>(resource: GridResource<T, Lookup>, staging: Staging<T>) {
  const api = useApi()
  const queryClient = useQueryClient()
  const [cellErrors, setCellErrors] = useState<ReadonlyMap<string, string>>(noErrors)
  const [rowErrors, setRowErrors] = useState<ReadonlyMap<string, string>>(noErrors)
  const [refusal, setRefusal] = useState<SaveRefusal | null>(null)
  const [saved, setSaved] = useState<SavedCounts | null>(null)

  const mutation = useMutation({
    mutationFn: async (overwrite: ReadonlySet<string>) => {
      const request = toSaveRequest(staging.changes, resource.deletedRows !== undefined, overwrite)
      return { result: await resource.save(api, request), requested: requestedChanges(request) }
    },
    onSuccess: async ({ result, requested }) => {
      if (result.ok) {
        // What the database really changed: a delete of a row already deleted changes nothing.
        const { inserted, updated, deleted, restored } = result.data
        const changed = inserted.length + updated + deleted + restored
        setSaved({ changed, alreadyDone: Math.max(0, requested - changed) })
        staging.clear()
        setCellErrors(noErrors)
        setRowErrors(noErrors)
        setRefusal(null)
        // Counts and names shown by the other screens may have changed too.
        await queryClient.invalidateQueries()
        return
      }
      const error = result.error
      setSaved(null)
      setCellErrors(toCellErrors(error))
      setRowErrors(toRowErrors(error))
      const updateIds = Object.keys(staging.changes.updates)
      const named = (error.fieldErrors ?? []).flatMap((e) => (e.rowId && updateIds.includes(e.rowId) ? [e.rowId] : []))
      setRefusal({ error, conflictRowIds: error.code === 'conflict' ? (named.length ? [...new Set(named)] : updateIds) : [] })
      // Their versions, read now: the conflict view compares them with the staged edits.
      if (error.code === 'conflict') await refetchFresh(queryClient, { queryKey: [resource.name] })
    },
    onError: (error) => setRefusal({ error: { code: 'connection', message: error.message }, conflictRowIds: [] }),
  })

  return {
    save: () => staging.count > 0 && !mutation.isPending && mutation.mutate(new Set()),
    /** Re-sends the batch, forcing the conflicting updates over the other session's. */
    overwrite: () => refusal && mutation.mutate(new Set(refusal.conflictRowIds)),
    dismiss: () => setRefusal(null),
    clearCellError: (key: string) => setCellErrors((current) => without(current, [key])),
    /** A reverted row has nothing left to refuse. */
    clearRowError: (rowId: string) => setRowErrors((current) => without(current, [rowId])),
    resetFeedback: () => {
      setCellErrors(noErrors)
      setRowErrors(noErrors)
      setRefusal(null)
      setSaved(null)
    },
    isSaving: mutation.isPending,
    cellErrors,
    rowErrors,
    refusal,
    saved,
  }
}
