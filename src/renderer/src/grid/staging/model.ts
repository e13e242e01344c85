import type { GridRow } from '../types'

/** A row the user added; `clientId` is its id in the grid until the save gives it a real one. */
export interface StagedInsert {
  clientId: string
  values: Record<string, unknown>
  /** Shown but never sent, e.g. the agency's name next to a chosen agency id. */
  display: Record<string, unknown>
}

export interface StagedUpdate {
  id: string
  updatedAt: string
  title: string
  changes: Record<string, unknown>
  /** Each changed field's value as it was read, so editing back to it drops the change. */
  original: Record<string, unknown>
  display: Record<string, unknown>
}

export interface RowRef {
  id: string
  title: string
}

/** Every change not yet saved, keyed by row id: it survives sorting, filtering and paging. */
export interface StagedChanges {
  /** Newest first: a new row appears at the top of the grid. */
  inserts: StagedInsert[]
  updates: Record<string, StagedUpdate>
  deletes: Record<string, RowRef>
  restores: Record<string, RowRef>
}

export const noChanges: StagedChanges = { inserts: [], updates: {}, deletes: {}, restores: {} }

export interface CellEdit {
  row: GridRow
  title: string
  field: string
  value: unknown
  display?: Record<string, unknown>
}

const without = <V>(record: Record<string, V>, key: string): Record<string, V> => {
  if (!(key in record)) return record
  const copy = { ...record }
  delete copy[key]
  return copy
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

export const isInsert = (changes: StagedChanges, rowId: string) => changes.inserts.some((i) => i.clientId === rowId)

export function applyEdit(changes: StagedChanges, edit: CellEdit): StagedChanges {
  const { row, field, value, display = {} } = edit
  if (isInsert(changes, row.id)) {
    if (sameValue(row[field], value)) return changes
    const inserts = changes.inserts.map((i) =>
      i.clientId === row.id ? { ...i, values: { ...i.values, [field]: value }, display: { ...i.display, ...display } } : i,
    )
    return { ...changes, inserts }
  }
  const current = changes.updates[row.id]
  if (current && field in current.changes && sameValue(current.changes[field], value)) return changes
  const original = current && field in current.original ? current.original[field] : row[field]
  if (sameValue(original, value)) {
    if (!current) return changes
    const rest = without(current.changes, field)
    if (Object.keys(rest).length === 0) return { ...changes, updates: without(changes.updates, row.id) }
    const next = { ...current, changes: rest, original: without(current.original, field) }
    return { ...changes, updates: { ...changes.updates, [row.id]: next } }
  }
  const base: StagedUpdate = current ?? {
    id: row.id,
    updatedAt: row.updatedAt,
    title: edit.title,
    changes: {},
    original: {},
    display: {},
  }
  const next: StagedUpdate = {
    ...base,
    changes: { ...base.changes, [field]: value },
    original: { ...base.original, [field]: original },
    display: { ...base.display, ...display },
  }
  return { ...changes, updates: { ...changes.updates, [row.id]: next } }
}

export function addInsert(changes: StagedChanges, insert: StagedInsert): StagedChanges {
  return { ...changes, inserts: [insert, ...changes.inserts] }
}

/** Deleting a new row just drops it; deleting a saved row stages the delete. */
export function stageDeletes(changes: StagedChanges, rows: RowRef[]): StagedChanges {
  let next = changes
  for (const row of rows) {
    if (isInsert(next, row.id)) next = { ...next, inserts: next.inserts.filter((i) => i.clientId !== row.id) }
    else next = { ...next, deletes: { ...next.deletes, [row.id]: row }, restores: without(next.restores, row.id) }
  }
  return next
}

export function stageRestores(changes: StagedChanges, rows: RowRef[]): StagedChanges {
  let next = changes
  for (const row of rows) next = { ...next, restores: { ...next.restores, [row.id]: row } }
  return next
}

export function revertRow(changes: StagedChanges, rowId: string): StagedChanges {
  return {
    inserts: changes.inserts.filter((i) => i.clientId !== rowId),
    updates: without(changes.updates, rowId),
    deletes: without(changes.deletes, rowId),
    restores: without(changes.restores, rowId),
  }
}

/** Drops staged updates of rows whose saved version the user chose to reload. */
export function dropUpdates(changes: StagedChanges, rowIds: string[]): StagedChanges {
  return rowIds.reduce((next, id) => ({ ...next, updates: without(next.updates, id) }), changes)
}

/** Rows with something to save: each counts once per kind of change. */
export function countChanges(changes: StagedChanges): number {
  const updates = Object.keys(changes.updates).filter((id) => !changes.deletes[id]).length
  return changes.inserts.length + updates + Object.keys(changes.deletes).length + Object.keys(changes.restores).length
}

export type RowState = 'inserted' | 'updated' | 'deleted' | 'restored' | null

export function rowState(changes: StagedChanges, rowId: string): RowState {
  if (changes.deletes[rowId]) return 'deleted'
  if (isInsert(changes, rowId)) return 'inserted'
  if (changes.restores[rowId]) return 'restored'
  if (changes.updates[rowId]) return 'updated'
  return null
}

/** A saved row as the user sees it: read values with staged edits on top. */
export function withStagedEdits(row: GridRow, changes: StagedChanges): GridRow {
  const update = changes.updates[row.id]
  const restored = changes.restores[row.id]
  if (!update && !restored) return row
  return { ...row, ...update?.display, ...update?.changes, ...(restored ? { deletedAt: null } : {}) }
}

export function insertedRow(insert: StagedInsert): GridRow {
  return { id: insert.clientId, updatedAt: '', deletedAt: null, ...insert.display, ...insert.values }
}
