import type { GridColumn, GridResource, ReadValue } from '../resource'
import type { Field, ResourceTypes, RowOf } from '../resourceTypes'
import { acceptsEdits, type BulkChange, type CellEdit, type StagedChanges, type StagedInsert } from '../staging/model'
import { checkField } from '../useGridEditing'
import type { PlacedText } from './pastePlan'

/** A value for one field of a row, with what the row shows beside it (an agency's name). */
export interface FieldChange<T extends ResourceTypes> {
  field: Field<T>
  value: unknown
  display?: Partial<RowOf<T>>
}

export interface RowChanges<T extends ResourceTypes> {
  row: RowOf<T>
  changes: readonly FieldChange<T>[]
}

/** Why a value was not staged in one cell. */
export interface CellRefusal {
  rowId: string
  field: string
  message: string
}

/** The change an action stages, and the cells it left as they were, each with why. */
export interface CheckedBulk<T extends ResourceTypes> {
  bulk: BulkChange<T>
  refused: CellRefusal[]
}

type Rules<T extends ResourceTypes> = Pick<GridResource<T, unknown>, 'fieldRules' | 'describe'>

/** Checks every value by its field's rule, as a typed value is: the valid ones become edits. */
export function checkRowChanges<T extends ResourceTypes>(resource: Rules<T>, targets: readonly RowChanges<T>[]): CheckedBulk<T> {
  const edits: CellEdit<T>[] = []
  const refused: CellRefusal[] = []
  for (const { row, changes } of targets) {
    for (const { field, value, display } of changes) {
      const checked = checkField(resource, field, value)
      if (checked.ok) edits.push({ row, title: resource.describe(row), field, value: checked.value, display })
      else refused.push({ rowId: row.id, field, message: checked.message })
    }
  }
  return { bulk: { edits }, refused }
}

/** A pasted text, where it goes, and what reading it gave. */
export type PlacedValue<T extends ResourceTypes> = PlacedText & { read: ReadValue<T> }

interface PasteInput<T extends ResourceTypes, Lookup> {
  resource: Rules<T> & Pick<GridResource<T, Lookup>, 'newRow'>
  columns: readonly GridColumn<T, Lookup>[]
  cells: readonly PlacedValue<T>[]
  newRowCells: readonly PlacedValue<T>[]
  newRowCount: number
  changes: StagedChanges<T>
  rowAt(index: number): RowOf<T> | undefined
  newClientId(): string
}

export interface PasteResult<T extends ResourceTypes> extends CheckedBulk<T> {
  /** Cells of rows that are not loaded, or deleted: left as they were. */
  unreachable: number
}

const pasteRefusal = (message: string) => `Not pasted: ${message}`

/**
 * What a paste stages: each read value checked by its field's rule, like a typed one. A value that
 * cannot be read or is refused leaves its cell as it was and says why; new rows start from the
 * resource's new row, with what was pasted for them on top.
 */
export function pasteChange<T extends ResourceTypes, Lookup>(input: PasteInput<T, Lookup>): PasteResult<T> {
  const { resource, columns, changes } = input
  const fieldAt = (col: number) => columns[col]?.edit?.field
  const targets: RowChanges<T>[] = []
  const refused: CellRefusal[] = []
  let unreachable = 0
  for (const { row: index, col, read } of input.cells) {
    const row = input.rowAt(index)
    const field = fieldAt(col)
    if (!row || !field || !acceptsEdits(changes, row)) {
      unreachable++
      continue
    }
    if (read.ok) targets.push({ row, changes: [{ field, value: read.value, display: read.display }] })
    else refused.push({ rowId: row.id, field, message: read.message })
  }
  const checked = checkRowChanges(resource, targets)
  refused.push(...checked.refused)

  const inserts: StagedInsert<T>[] = Array.from({ length: input.newRowCount }, () => ({ clientId: input.newClientId(), values: resource.newRow(), display: {} }))
  for (const { row: number, col, read } of input.newRowCells) {
    const insert = inserts[number]
    const field = fieldAt(col)
    if (!insert || !field) continue
    const value = read.ok ? checkField(resource, field, read.value) : read
    if (!value.ok) {
      refused.push({ rowId: insert.clientId, field, message: value.message })
      continue
    }
    insert.values = { ...insert.values, [field]: value.value }
    if (read.ok) insert.display = { ...insert.display, ...read.display }
  }
  return {
    bulk: { edits: checked.bulk.edits, inserts },
    refused: refused.map((refusal) => ({ ...refusal, message: pasteRefusal(refusal.message) })),
    unreachable,
  }
}

/** What a row shows beside a field's value (`shows`), taken from the row the value comes from. */
function shownBeside<T extends ResourceTypes>(shows: readonly (keyof RowOf<T> & string)[] = [], source: RowOf<T>): Partial<RowOf<T>> {
  const display: Partial<RowOf<T>> = {}
  for (const key of shows) display[key] = source[key]
  return display
}

/**
 * Fill down: each column's value in the top row, with what it shows beside it, for every row below
 * (rows given top first).
 */
export function fillDownChanges<T extends ResourceTypes, Lookup>(columns: readonly GridColumn<T, Lookup>[], rows: readonly RowOf<T>[]): RowChanges<T>[] {
  const [top, ...below] = rows
  if (!top) return []
  const changes = columns.flatMap((column): FieldChange<T>[] => {
    const edit = column.edit
    if (!edit) return []
    return [{ field: edit.field, value: top[edit.field], display: shownBeside(edit.shows, top) }]
  })
  return below.map((row) => ({ row, changes }))
}

/**
 * Clearing cells: fields that can be empty (their rule takes null) become empty, showing beside
 * them what a new row shows (no agency name); the others are left, and named.
 */
export function clearChanges<T extends ResourceTypes, Lookup>(
  resource: Rules<T> & Pick<GridResource<T, Lookup>, 'blankRow'>,
  columns: readonly GridColumn<T, Lookup>[],
  rows: readonly RowOf<T>[],
): { targets: RowChanges<T>[]; kept: GridColumn<T, Lookup>[] } {
  const kept = columns.filter((column) => column.edit && !resource.fieldRules[column.edit.field].safeParse(null).success)
  const changes = columns.flatMap((column): FieldChange<T>[] => {
    const edit = column.edit
    if (!edit || kept.includes(column)) return []
    return [{ field: edit.field, value: null, display: shownBeside(edit.shows, resource.blankRow) }]
  })
  return { targets: changes.length ? rows.map((row) => ({ row, changes })) : [], kept }
}
