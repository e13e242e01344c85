import type { ZodType } from 'zod'
import type { RosterApi } from '../../../shared/contract'
import type { ListResult, SaveResult } from '../../../shared/domain/common'
import type { Result } from '../../../shared/result'

/** What every listed row has; the rest is the resource's own fields. */
export type GridRow = { id: string; updatedAt: string; deletedAt?: string | null } & Record<string, unknown>

/** How a column's cells are shown and edited. */
export type EditorKind = 'text' | 'email' | 'boolean' | 'agency' | 'roles' | 'readonly'

/** How a column is filtered: the key in the resource's `filters`, and the kind of control. */
export type ColumnFilterSpec = { key: string; kind: 'text' } | { key: string; kind: 'boolean' } | { key: string; kind: 'role' }

export interface GridColumnMeta {
  /** The field this column edits (a key of the resource's field rules); absent for read-only columns. */
  field?: string
  editor: EditorKind
  /** Shown with a marker in the header, and needed before a new row can be saved. */
  required?: boolean
  /** The sort column the API knows this column by; absent when it cannot be sorted. */
  sortKey?: string
  filter?: ColumnFilterSpec
  /** Turns a value into the text shown (and copied); defaults to String(value). */
  format?: (value: unknown, row: GridRow) => string
  align?: 'start' | 'end'
}

export interface ListRequest {
  sort: { column: string; direction: 'asc' | 'desc' }[]
  filters: Record<string, unknown>
  search: string
  limit: number
  offset: number
  after?: string | null
  /** Read the database, not Roster's cache (Reload, Retry). */
  fresh?: boolean
  /** A newer request with this name cancels this one on the server (jumps, counts). */
  supersede?: string
}

/** What the grid's sort, filters and search ask of the server. */
export type ListParams = Pick<ListRequest, 'sort' | 'filters' | 'search'>

export type ListPage = ListResult<GridRow>

export interface SaveRequest {
  inserts: ({ clientId: string } & Record<string, unknown>)[]
  updates: { id: string; updatedAt: string; overwrite?: boolean; changes: Record<string, unknown> }[]
  deletes: { id: string }[]
  /** Soft-delete resources only. */
  restores?: { id: string }[]
}

/** Everything the generic grid needs to know about one resource. */
export interface GridResource {
  /** The query-key root and the API's resource name: users, agencies, roles. */
  name: string
  /** Plural, for people: "Users". */
  title: string
  /** Singular, for people: "user". */
  noun: string
  list(api: RosterApi, request: ListRequest): Promise<Result<ListPage>>
  /** The exact number of rows a query matches (slow on millions of rows: run in the background). */
  count(api: RosterApi, request: ListParams & { supersede?: string }): Promise<Result<{ total: number }>>
  save(api: RosterApi, batch: SaveRequest): Promise<Result<SaveResult>>
  /** The main-process rules for each editable field, checked before a cell is staged. */
  fieldRules: Record<string, ZodType>
  /** Values a new row starts with. */
  newRow(): Record<string, unknown>
  /** Deleting sets `deletedAt` and can be undone with Restore (users, agencies). */
  softDelete: boolean
  /** How a row is named in messages: "Ann Lee". */
  describe(row: GridRow): string
}

/**
 * A grid request as a resource's API input type. The grid builds it from the resource's own
 * column metadata and field rules, and the service parses it again on arrival.
 */
export const asInput = <Input>(request: ListRequest | ListParams | SaveRequest): Input => request as unknown as Input
