import type { Changes, Field, NewRowValues, ResourceTypes, RowOf } from '../resourceTypes'

/** A row the user added; `clientId` is its id in the grid until the save gives it a real one. */
export interface StagedInsert<T extends ResourceTypes> {
  clientId: string
  values: NewRowValues<T>
  /** Shown but never sent, e.g. the agency's name next to a chosen agency id. */
  display: Partial<RowOf<T>>
}

export interface StagedUpdate<T extends ResourceTypes> {
  id: string
  updatedAt: string
  title: string
  changes: Partial<Changes<T>>
  /** Each changed field's value as it was read, so editing back to it drops the change. */
  original: Partial<RowOf<T>>
  display: Partial<RowOf<T>>
}

export interface RowRef {
  id: string
  title: string
}

/** Every change not yet saved, keyed by row id: it survives sorting, filtering and paging. */
export interface StagedChanges<T extends ResourceTypes> {
  /** Newest first: a new row appears at the top of the grid. */
  inserts: StagedInsert<T>[]
  updates: Record<string, StagedUpdate<T>>
  deletes: Record<string, RowRef>
  restores: Record<string, RowRef>
}

export const noChanges = <T extends ResourceTypes>(): StagedChanges<T> => ({ inserts: [], updates: {}, deletes: {}, restores: {} })

/** One field of one row set to a value (already checked by the field's rule). */
export interface CellEdit<T extends ResourceTypes, F extends Field<T> = Field<T>> {
  row: RowOf<T>
  title: string
  field: F
  value: Changes<T>[F]
  display?: Partial<RowOf<T>>
}

const without = <O extends object>(record: O, key: string): O => {
  if (!(key in record)) return record
  const copy = { ...record }
  Reflect.deleteProperty(copy, key)
  return copy
}

export const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

export const isInsert = <T extends ResourceTypes>(changes: StagedChanges<T>, rowId: string) => changes.inserts.some((i) => i.clientId === rowId)

/**
 * A saved row's staged update after one edit: the same object when the edit changes nothing,
 * undefined when nothing is left to save.
 */
function updateAfterEdit<T extends ResourceTypes>(current: StagedUpdate<T> | undefined, edit: CellEdit<T>): StagedUpdate<T> | undefined {
  const { row, field, value, display = {} } = edit
  if (current && field in current.changes && sameValue(current.changes[field], value)) return current
  const original = current && field in current.original ? current.original[field] : row[field]
  if (sameValue(original, value)) {
    if (!current) return current
    const rest = without(current.changes, field)
    return Object.keys(rest).length === 0 ? undefined : { ...current, changes: rest, original: without(current.original, field) }
  }
  const base: StagedUpdate<T> = current ?? {
    id: row.id,
    updatedAt: row.updatedAt,
    title: edit.title,
    changes: {},
    original: {},
    display: {},
  }
  return {
    ...base,
    changes: { ...base.changes, [field]: value },
    original: { ...base.original, [field]: original },
    display: { ...base.display, ...display },
  }
}

function applyInsertEdit<T extends ResourceTypes>(changes: StagedChanges<T>, { row, field, value, display = {} }: CellEdit<T>): StagedChanges<T> {
  if (sameValue(row[field], value)) return changes
  const inserts = changes.inserts.map((i) => (i.clientId === row.id ? { ...i, values: { ...i.values, [field]: value }, display: { ...i.display, ...display } } : i))
  return { ...changes, inserts }
}

export function applyEdit<T extends ResourceTypes>(changes: StagedChanges<T>, edit: CellEdit<T>): StagedChanges<T> {
  const id = edit.row.id
  if (isInsert(changes, id)) return applyInsertEdit(changes, edit)
  const current = changes.updates[id]
  const next = updateAfterEdit(current, edit)
  if (next === current) return changes
  return { ...changes, updates: next ? { ...changes.updates, [id]: next } : without(changes.updates, id) }
}

/** The edits and new rows of one action (a paste, a fill, a bulk edit): applied together, undone as one step. */
export interface BulkChange<T extends ResourceTypes> {
  edits: readonly CellEdit<T>[]
  /** Top to bottom: the first is shown first. */
  inserts?: readonly StagedInsert<T>[]
}

/** Like applying each edit in turn, but the updates are copied once: a paste of 10,000 rows stays linear. */
export function applyBulk<T extends ResourceTypes>(changes: StagedChanges<T>, bulk: BulkChange<T>): StagedChanges<T> {
  // New rows show newest first, so those listed first go on top.
  let next = bulk.inserts?.length ? { ...changes, inserts: [...bulk.inserts, ...changes.inserts] } : changes
  const insertIds = new Set(next.inserts.map((i) => i.clientId))
  const updates = { ...changes.updates }
  let updated = false
  for (const edit of bulk.edits) {
    const id = edit.row.id
    if (insertIds.has(id)) {
      next = applyInsertEdit(next, edit)
      continue
    }
    const current = updates[id]
    const after = updateAfterEdit(current, edit)
    if (after === current) continue
    updated = true
    if (after) updates[id] = after
    else Reflect.deleteProperty(updates, id)
  }
  return updated ? { ...next, updates } : next
}

/** A row takes edits unless it is deleted (staged, or soft-deleted and not being restored). */
export function acceptsEdits<T extends ResourceTypes>(changes: StagedChanges<T>, row: RowOf<T>): boolean {
  const state = rowState(changes, row.id)
  return state !== 'deleted' && !(row.deletedAt && state !== 'restored')
}

export function addInsert<T extends ResourceTypes>(changes: StagedChanges<T>, insert: StagedInsert<T>): StagedChanges<T> {
  return { ...changes, inserts: [insert, ...changes.inserts] }
}

/** Deleting a new row just drops it; deleting a saved row stages the delete. */
export function stageDeletes<T extends ResourceTypes>(changes: StagedChanges<T>, rows: RowRef[]): StagedChanges<T> {
  let next = changes
  for (const row of rows) {
    if (isInsert(next, row.id)) next = { ...next, inserts: next.inserts.filter((i) => i.clientId !== row.id) }
    else next = { ...next, deletes: { ...next.deletes, [row.id]: row }, restores: without(next.restores, row.id) }
  }
  return next
}

export function stageRestores<T extends ResourceTypes>(changes: StagedChanges<T>, rows: RowRef[]): StagedChanges<T> {
  let next = changes
  for (const row of rows) next = { ...next, restores: { ...next.restores, [row.id]: row } }
  return next
}

export function revertRow<T extends ResourceTypes>(changes: StagedChanges<T>, rowId: string): StagedChanges<T> {
  return {
    inserts: changes.inserts.filter((i) => i.clientId !== rowId),
    updates: without(changes.updates, rowId),
    deletes: without(changes.deletes, rowId),
    restores: without(changes.restores, rowId),
  }
}

/** Drops staged updates of rows whose saved version the user chose to reload. */
export function dropUpdates<T extends ResourceTypes>(changes: StagedChanges<T>, rowIds: string[]): StagedChanges<T> {
  return rowIds.reduce((next, id) => ({ ...next, updates: without(next.updates, id) }), changes)
}

/** Rows with something to save: each counts once per kind of change. */
export function countChanges<T extends ResourceTypes>(changes: StagedChanges<T>): number {
  const updates = Object.keys(changes.updates).filter((id) => !changes.deletes[id]).length
  return changes.inserts.length + updates + Object.keys(changes.deletes).length + Object.keys(changes.restores).length
}

export type RowState = 'inserted' | 'updated' | 'deleted' | 'restored' | null

export function rowState<T extends ResourceTypes>(changes: StagedChanges<T>, rowId: string): RowState {
  if (changes.deletes[rowId]) return 'deleted'
  if (isInsert(changes, rowId)) return 'inserted'
  if (changes.restores[rowId]) return 'restored'
  if (changes.updates[rowId]) return 'updated'
  return null
}

/** A saved row as the user sees it: read values with staged edits on top. */
export function withStagedEdits<T extends ResourceTypes>(row: RowOf<T>, changes: StagedChanges<T>): RowOf<T> {
  const update = changes.updates[row.id]
  const restored = changes.restores[row.id]
  if (!update && !restored) return row
  return { ...row, ...update?.display, ...update?.changes, ...(restored ? { deletedAt: null } : {}) }
}

/** A new row as the grid shows it: the resource's blank row, with what was chosen and typed on top. */
export function insertedRow<T extends ResourceTypes>(insert: StagedInsert<T>, blank: RowOf<T>): RowOf<T> {
  return { ...blank, ...insert.display, ...insert.values, id: insert.clientId, updatedAt: '' }
}
