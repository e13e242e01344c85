import { readAsBoolean, readAsText } from './bulk/readers'
import { SwitchCell } from './cells'
import { EmailEditCell, TextEditCell } from './editors/textCells'
import { BooleanFilterControl, TextFilterControl } from './filters'
import type { ColumnEdit, ColumnFilter, FilterControlProps, GridColumn } from './resource'
import type { Changes, Field, FilterKey, Filters, KeysAccepting, KeysHolding, ResourceTypes, RowOf } from './resourceTypes'
import type { ComponentType } from 'react'

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

  /** A filter with its own control, and how the control's text becomes the filter's value. */
  const filter = <K extends FilterKey<T>>(key: K, Control: ComponentType<FilterControlProps>, parse: (raw: string) => Filters<T>[K]): ColumnFilter<T> => ({
    key,
    Control,
    set: (filters, raw) => ({ ...filters, [key]: parse(raw) }),
  })

  return {
    column,
    filter,
    /** Matches text anywhere in the value. */
    // The key's type says the filter takes this value: the spread below needs no further proof.
    textFilter: (key: FilterKey<T> & KeysAccepting<Filters<T>, string>): ColumnFilter<T> => ({
      key,
      Control: TextFilterControl,
      set: (filters, raw) => ({ ...filters, [key]: raw }),
    }),
    /** Yes, No or either. */
    booleanFilter: (key: FilterKey<T> & KeysAccepting<Filters<T>, boolean>): ColumnFilter<T> => ({
      key,
      Control: BooleanFilterControl,
      set: (filters, raw) => ({ ...filters, [key]: raw === 'true' }),
    }),
    editText: (field: Field<T> & KeysAccepting<Changes<T>, string>): ColumnEdit<T> => ({ field, EditCell: TextEditCell, readTexts: readAsText }),
    editEmail: (field: Field<T> & KeysAccepting<Changes<T>, string>): ColumnEdit<T> => ({ field, EditCell: EmailEditCell, readTexts: readAsText }),
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
