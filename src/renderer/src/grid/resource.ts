import type { ComponentType, ReactNode, Ref } from 'react'
import type { RosterApi } from '../../../shared/contract'
import type { ListResult, SaveResult } from '../../../shared/schemas/common'
import type { Result } from '../../../shared/result'
import type { ResourceName } from '../../../shared/schemas/resources'
import type { FieldChange } from './bulk/cellChanges'
import type { ChoiceSource } from './filters/choices'
import type { FilterOperator } from './filters/operators'
import type { MoveAfterCommit } from './editors/types'
import type { ResourceGuards } from './guards'
import type { Field, FieldRules, Filters, ListParams, ListRequest, NewRowValues, ResourceTypes, RowOf, SaveRequest, SortKey } from './resourceTypes'

/** What a column's cell component gets to show one row's value. */
export interface CellProps<T extends ResourceTypes> {
  row: RowOf<T>
  /** The cell's text, as copied; '' when empty. */
  text: string
  /** Names the cell for assistive technology: "Active of Ann Lee". */
  label: string
  /** The value cannot be changed now (read-only column or database, deleted row). */
  disabled: boolean
  /** Flips a toggle column's value. */
  onToggle(): void
  /** For the cell's root element: a picker opened on the cell anchors its popover to it. */
  ref?: Ref<HTMLSpanElement>
}

/** What a column's edit cell gets: the row, and the grid's way to check and stage a value. */
export interface EditCellProps<T extends ResourceTypes> {
  row: RowOf<T>
  field: Field<T>
  label: string
  /** The key that started the edit, typed into the editor as its first character. */
  seed?: string
  /** The cell's content, which pickers anchor their popover to. */
  anchor: ReactNode
  /** Checks and stages a value; returns why it was refused, or null when staged. */
  commit(value: unknown, display?: Partial<RowOf<T>>, move?: MoveAfterCommit): string | null
  cancel(): void
  /**
   * Hands the grid a way to commit this edit before a save (Ctrl/Cmd+S): it returns false, and the
   * editor shows why, when the value is refused.
   */
  registerCommit(commitNow: (() => boolean) | null): void
}

/** Text pasted into a cell, read as its field's value before the field's rule checks it. */
export type ReadValue<T extends ResourceTypes> = { ok: true; value: unknown; display?: Partial<RowOf<T>> } | { ok: false; message: string }

/** What reading pasted text may use: the API (names looked up on the server) and the columns' lookup. */
export interface ReadContext<Lookup> {
  api: RosterApi
  lookup: Lookup
}

/**
 * How a column changes its field: an editor opened in the cell, or a switch flipped in place; and
 * how pasted text becomes the field's value.
 */
export type ColumnEdit<T extends ResourceTypes, Lookup = unknown> = (
  | {
      field: Field<T>
      EditCell: ComponentType<EditCellProps<T>>
      /** Typed as text: the row form shows a text box of this kind (a picker's field opens its EditCell). */
      textInput?: 'text' | 'email'
    }
  | { field: Field<T>; toggle(row: RowOf<T>): unknown }
) & {
  /** Reads the texts pasted into this column, all at once so names are looked up once; one result per text. */
  readTexts(texts: readonly string[], context: ReadContext<Lookup>): Promise<readonly ReadValue<T>[]>
  /** Row properties shown beside the value (an agency's name beside its id), carried when it is filled down or cleared. */
  shows?: readonly (keyof RowOf<T> & string)[]
}

/**
 * A column's filter: the operators it offers, the first being the header's own (a text box for
 * text, a yes/no select; the others are in the column's filter menu), and where its choices come from.
 */
export interface ColumnFilter<T extends ResourceTypes> {
  operators: readonly FilterOperator<T>[]
  /** The agencies or roles its `choice` and `choices` operands pick from. */
  choices?: ChoiceSource
}

/**
 * One column of a resource's grid, carrying its own cell renderer and editor (react-data-grid's
 * `renderCell`/`renderEditCell`). `Lookup` is what the resource's `useLookup` gives its columns'
 * text, e.g. role names by id.
 */
export interface GridColumn<T extends ResourceTypes, Lookup = undefined> {
  /** The row property the column shows. */
  id: keyof RowOf<T> & string
  header: string
  size: number
  align?: 'start' | 'end'
  /** Shown with a marker in the header, and needed before a new row can be saved. */
  required?: boolean
  /** The sort column the API knows this column by; absent when it cannot be sorted. */
  sortKey?: SortKey<T>
  filter?: ColumnFilter<T>
  /** The text shown and copied. */
  text(row: RowOf<T>, lookup: Lookup): string
  /** Renders the cell; the grid's plain text cell when absent. */
  Cell?: ComponentType<CellProps<T>>
  /** Absent for a read-only column. */
  edit?: ColumnEdit<T, Lookup>
  /** Extra class on the column's cells (e.g. a monospaced email). */
  className?: string
}

/** What a bulk edit's form gets: the selected rows, and the grid's way to stage one change of them all. */
export interface BulkEditProps<T extends ResourceTypes, Lookup> {
  rows: readonly RowOf<T>[]
  lookup: Lookup
  /** Names the form for assistive technology: "Set agency of 50 users". */
  label: string
  /** The menu's button, which a picker opens under. */
  anchor: ReactNode
  /** Stages each row's changes as one undoable step, and closes the form. */
  apply(change: (row: RowOf<T>) => readonly FieldChange<T>[]): void
  close(): void
}

/** A change the bulk-edit menu offers for the selected rows: made at once, or after a choice in its form. */
export type BulkEdit<T extends ResourceTypes, Lookup> = { label: string } & (
  | { change(row: RowOf<T>): readonly FieldChange<T>[] }
  | { Form: ComponentType<BulkEditProps<T, Lookup>> }
)

/** Everything the generic grid needs to know about one resource (its guards: guards.ts). */
export interface GridResource<T extends ResourceTypes, Lookup = undefined> extends ResourceGuards<T> {
  /** The resource it edits: the query-key root, and its screen's name. */
  name: ResourceName
  /** Plural, for people: "Users". */
  title: string
  /** Singular, for people: "user". */
  noun: string
  columns: readonly GridColumn<T, Lookup>[]
  list(api: RosterApi, request: ListRequest<T>): Promise<Result<ListResult<RowOf<T>>>>
  /** The exact number of rows a query matches (slow on millions of rows: run in the background). */
  count(api: RosterApi, request: ListParams<T> & { supersede?: string }): Promise<Result<{ total: number }>>
  save(api: RosterApi, batch: SaveRequest<T>): Promise<Result<SaveResult>>
  /** The main-process rules for each editable field, checked before a cell is staged. */
  fieldRules: FieldRules<T>
  /** What a new row sends when nothing is typed. */
  newRow(): NewRowValues<T>
  /** How a new row shows what it does not send (timestamps, counts, names of chosen ids). */
  blankRow: RowOf<T>
  /**
   * Resources that delete softly (deleting sets `deletedAt`, Restore undoes it): the filter that
   * shows or hides deleted rows. Absent: a delete removes the row.
   */
  deletedRows?(show: boolean): Partial<Filters<T>>
  /** How a row is named in messages: "Ann Lee". */
  describe(row: RowOf<T>): string
  /** The resource's own changes of all selected rows at once (set agency, add roles…), in the bulk-edit menu. */
  bulkEdits?: readonly BulkEdit<T, Lookup>[]
  /** Data the columns' text needs (a React hook, called once by the grid). */
  useLookup(): Lookup
}
