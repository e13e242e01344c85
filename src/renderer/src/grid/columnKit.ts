import { readAsBoolean, readAsText } from './bulk/readers'
import { SwitchCell } from './cells'
import { EmailEditCell, TextEditCell } from './editors/textCells'
import { booleanOperators, dateOperators, textOperators } from './filters/operators'
import type { ColumnEdit, ColumnFilter, GridColumn } from './resource'
import type { Changes, Field, KeysAccepting, KeysHolding, ResourceTypes, RowOf } from './resourceTypes'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || value === '') return ''
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date)
}

const plainText = (value: unknown) => (value === null || value === undefined ? '' : String(value))

/** A column as written by a resource: its text defaults to the row property's value. */
export type ColumnSpec<T extends ResourceTypes, Lookup> = Omit<GridColumn<T, Lookup>, 'text'> & Partial<Pick<GridColumn<T, Lookup>, 'text'>>

/**
 * Typed building blocks for one resource's columns, like TanStack's `createColumnHelper`: every
 * column id, field, sort key and filter key is checked against the resource's contract types.
 */
export function columnKit<T extends ResourceTypes, Lookup = undefined>() {
  type Row = RowOf<T>
  type ColumnOptions = Partial<Pick<GridColumn<T, Lookup>, 'size' | 'sortKey' | 'filter' | 'align'>>

  const column = (spec: ColumnSpec<T, Lookup>): GridColumn<T, Lookup> => ({ text: (row) => plainText(row[spec.id]), ...spec })

  return {
    column,
    /** Text: contains (the header's box), equals, starts with, is empty, is not empty. */
    textFilter: (key: Parameters<typeof textOperators<T>>[0]): ColumnFilter<T> => ({ operators: textOperators<T>(key) }),
    /** Yes or no (the header's select). */
    booleanFilter: (key: Parameters<typeof booleanOperators<T>>[0]): ColumnFilter<T> => ({ operators: booleanOperators<T>(key) }),
    /** A timestamp: before, after or between days, in the last N days. */
    dateFilter: (key: Parameters<typeof dateOperators<T>>[0]): ColumnFilter<T> => ({ operators: dateOperators<T>(key) }),
    editText: (field: Field<T> & KeysAccepting<Changes<T>, string>): ColumnEdit<T> => ({ field, EditCell: TextEditCell, textInput: 'text', readTexts: readAsText }),
    editEmail: (field: Field<T> & KeysAccepting<Changes<T>, string>): ColumnEdit<T> => ({ field, EditCell: EmailEditCell, textInput: 'email', readTexts: readAsText }),
    /** A yes/no field shown as a switch: Space, Enter or a click flips it. */
    toggle: (field: Field<T> & KeysHolding<Row, boolean> & KeysAccepting<Changes<T>, boolean>, header: string, options: ColumnOptions = {}) =>
      column({ id: field, header, size: 96, ...options, text: (row) => (row[field] ? 'Yes' : 'No'), Cell: SwitchCell, edit: { field, toggle: (row) => !row[field], readTexts: readAsBoolean } }),
    /** A timestamp, shown in the user's locale; never edited. */
    date: (id: keyof Row & string, header: string, options: ColumnOptions = {}) =>
      column({ id, header, size: 185, ...options, text: (row) => formatDate(row[id]) }),
    /** A count, right-aligned; never edited. */
    count: (id: KeysHolding<Row, number>, header: string, options: ColumnOptions = {}) =>
      column({ id, header, size: 100, align: 'end', ...options, text: (row) => Number(row[id] ?? 0).toLocaleString() }),
  }
}
