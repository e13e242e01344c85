import { functionalUpdate, type ColumnOrderState, type ColumnPinningState, type ColumnSizingState, type ColumnVisibilityState, type OnChangeFn } from '@tanstack/react-table'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useDatabaseStatus } from '../../api/queries'
import type { DatabaseStatus } from '../../../../shared/schemas/database'
import { ACTIONS_COLUMN, SELECT_COLUMN } from '../columns'
import type { GridColumn } from '../resource'
import type { ResourceTypes } from '../resourceTypes'
import { defaultLayout, layoutStorageKey, moveColumnTo, readLayout, shownOrder, visibleIds, withSizes, type ColumnLayout } from './columnLayout'
import { useHeaderDrag } from './useHeaderDrag'

/** Which database is open, for keeping things per database: its kind and label (never a password). */
export const databaseIdentity = (status: Pick<DatabaseStatus, 'kind' | 'label'>) => `${status.kind}:${status.label}`

/** The table's column state made from a layout: its one source. */
export function layoutTableState(layout: ColumnLayout, keyId: string) {
  const columnOrder: ColumnOrderState = [SELECT_COLUMN, ...shownOrder(layout, keyId), ACTIONS_COLUMN]
  const columnVisibility: ColumnVisibilityState = Object.fromEntries(layout.hidden.map((id) => [id, false]))
  const columnPinning: ColumnPinningState = { start: layout.frozen ? [SELECT_COLUMN, keyId] : [], end: [] }
  const columnSizing: ColumnSizingState = { ...layout.sizes }
  return { columnOrder, columnVisibility, columnPinning, columnSizing }
}

export type ColumnLayoutTableState = ReturnType<typeof layoutTableState>

const storageOf = (key: string | null, columnIds: readonly string[]) => ({ key, layout: key === null ? defaultLayout(columnIds) : readLayout(localStorage.getItem(key), columnIds) })

/**
 * One grid's column layout, kept in localStorage per resource and per open database, and the
 * table state made from it. Until the open database is known the default layout shows (not saved).
 */
export function useColumnLayout<T extends ResourceTypes, Lookup>(resource: string, columns: readonly GridColumn<T, Lookup>[]) {
  const status = useDatabaseStatus()
  const columnIds = useMemo(() => columns.map((c) => c.id), [columns])
  const keyId = columnIds[0] ?? ''
  const key = status.data ? layoutStorageKey(resource, databaseIdentity(status.data)) : null
  const [stored, setStored] = useState(() => storageOf(key, columnIds))
  // Another database (or resource) opened: its own layout, read while rendering so no frame shows the old one.
  if (stored.key !== key) setStored(storageOf(key, columnIds))
  const { layout } = stored

  useEffect(() => {
    if (stored.key !== null) localStorage.setItem(stored.key, JSON.stringify(stored.layout))
  }, [stored])

  const update = useCallback((change: (current: ColumnLayout) => ColumnLayout) => setStored((current) => ({ ...current, layout: change(current.layout) })), [])
  const reset = useCallback(() => update(() => defaultLayout(columnIds)), [update, columnIds])
  const onColumnSizingChange = useCallback<OnChangeFn<ColumnSizingState>>(
    (updater) => update((current) => withSizes(current, functionalUpdate(updater, { ...current.sizes }))),
    [update],
  )
  const tableState = useMemo(() => layoutTableState(layout, keyId), [layout, keyId])
  const visibleColumns = useMemo(() => {
    const byId = new Map<string, GridColumn<T, Lookup>>(columns.map((c) => [c.id, c]))
    return visibleIds(layout, keyId).flatMap((id) => byId.get(id) ?? [])
  }, [columns, layout, keyId])

  const known = new Set<string>(columnIds)
  const drag = useHeaderDrag(
    (id) => known.has(id) && !(layout.frozen && id === keyId),
    (id, targetId) => update((current) => moveColumnTo(current, keyId, id, targetId)),
  )

  return { layout, keyId, update, reset, tableState, onColumnSizingChange, visibleColumns, drag }
}

export type ColumnLayoutControl = ReturnType<typeof useColumnLayout>
