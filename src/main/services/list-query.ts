import { and, getTableName, sql, type Column, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { SortDirection } from '../../shared/schemas/common'
import { isoFromTimestamptz } from '../db/iso-timestamps'

/** A column a list can sort on: its SQL, its type (for casting cursor values) and whether it can be null. */
export interface SortKey {
  expr: SQLWrapper
  type: 'text' | 'boolean' | 'timestamptz' | 'bigint' | 'uuid'
  nullable: boolean
  /** Filters (by name) that hold this column at one value: with one in force, it orders nothing. */
  pinnedBy?: readonly string[]
  /**
   * Held at one value, the column of the main table that holds it (users' agency for the agency's
   * name): put before the id in ORDER BY, so the (column, id) index reads the view in id order even
   * for a filter the planner does not take to hold it (IS NULL: the users of no agency).
   */
  pinnedOrder?: SQLWrapper
  /**
   * An index of (`column`, this key, id) that reads this key's order within one value of `column`:
   * `by` names the filters holding that column at one value (or null), `covering` filters on columns
   * the index also holds. With one of `by` in force and nothing else narrowing the view, its rows
   * come in order from the index alone (one agency's users by name, or those of none), so the view
   * is never sorted. `column` is put first in ORDER BY, as `pinnedOrder` is, for IS NULL.
   */
  orderedWithin?: { column: SQLWrapper; by: readonly string[]; covering: readonly string[] }
  /**
   * Filters (by name, or the start of their names) whose matches lie together in this key's order
   * rather than spread along it (names starting with Ann, sorted by name or by email): a walk from
   * the order's start meets them late or not at all, so such a view is not walked from there.
   */
  bunchedBy?: readonly string[]
  /**
   * Filters (by name, or the start of their names) on columns this key's index holds after it and
   * the id: a walk of its order tests them on the entries it reads, and reads only the rows that pass.
   */
  entryFilters?: readonly string[]
}

/** Whether a filter's name is one of `starts` or begins with one (`createdAt:` names each operator on the column). */
export const namedBy = (starts: readonly string[] | undefined, name: string): boolean => starts?.some((start) => name.startsWith(start)) === true

export interface OrderedKey extends SortKey {
  direction: SortDirection
}

/**
 * ORDER BY for the chosen keys plus the id as tie-breaker, in PostgreSQL's default null order
 * (NULLS LAST ascending, FIRST descending) so (column, id) btree indexes serve it either way.
 * The id follows the first key's direction, so a single-column sort is one index scan.
 */
export function orderKeys(chosen: OrderedKey[], id: SortKey): OrderedKey[] {
  return [...chosen, { ...id, direction: chosen[0]?.direction ?? 'asc' }]
}

/** How a list orders its rows: the keys it may sort on, the id that breaks ties, its sort when none is chosen. */
export interface ListOrder<Column extends string, Key extends SortKey = SortKey> {
  sortKeys: Record<Column, Key>
  idKey: SortKey
  defaultSort: { column: Column; direction: SortDirection }[]
}

/** The keys a request's sort orders by (the list's default when it names none), the id last. */
export function requestedOrder<Column extends string>(order: ListOrder<Column>, sort: { column: Column; direction: SortDirection }[]): OrderedKey[] {
  const chosen = sort.length ? sort : order.defaultSort
  return orderKeys(
    chosen.map((s) => ({ ...order.sortKeys[s.column], direction: s.direction })),
    order.idKey,
  )
}

export const orderBy = (keys: OrderedKey[]): SQL[] =>
  keys.map((k) => (k.direction === 'asc' ? sql`${k.expr} asc` : sql`${k.expr} desc`))

export const reverse = (keys: OrderedKey[]): OrderedKey[] =>
  keys.map((k) => ({ ...k, direction: k.direction === 'asc' ? 'desc' : 'asc' }))

/** A LIKE pattern matching `term` itself: the user's own % _ and \ taken literally. */
export const escapeLike = (term: string) => term.replace(/[\\%_]/g, (c) => `\\${c}`)

/** `%term%` for ILIKE. */
export const containsPattern = (term: string) => `%${escapeLike(term)}%`

/**
 * A list's filters, each under a name that stands for one fixed piece of SQL (its values bound
 * apart): the names of those in force are the filters' part of a statement's shape.
 */
export type NamedFilters = Record<string, SQL | undefined>

export function filtersInForce(filters: NamedFilters): { names: string[]; where: SQL | undefined } {
  const names = Object.keys(filters).filter((name) => filters[name] !== undefined)
  return { names, where: and(...names.map((name) => filters[name])) }
}

/**
 * `"table"."column"`, for columns inside a subquery: Drizzle prints a single-table select's columns
 * bare, and a bare outer column inside a subquery binds to the inner table of that name.
 */
export const qualified = (column: Column): SQL => sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`

type IsoTextOf<C extends Column> = SQL<C['_']['notNull'] extends true ? string : string | null>

/**
 * A timestamptz as the API sends it, JavaScript's ISO form ('2026-11-15T01:18:29.950Z'), printed
 * by PostgreSQL (and PGlite) itself: for what the server sends on as it is (an export's cursor,
 * JSON built in SQL). A page's rows use `isoTimestamp`.
 */
export function isoText<C extends Column>(column: C): IsoTextOf<C> {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
}

/**
 * The same ISO text as `isoText`, cut from the server's own print of the column as Drizzle maps
 * each row (src/main/db/iso-timestamps.ts), no Date made per cell. to_char on the server cost more:
 * a first page of 100 users (three timestamps a row) took 0.975 ms through the API with it, 0.915
 * without (1M users, medians of 4,000, three runs each). Only where Drizzle maps the rows.
 */
export function isoTimestamp<C extends Column>(column: C): IsoTextOf<C> {
  return sql`${column}`.mapWith(isoFromTimestamptz) as IsoTextOf<C>
}

/**
 * A page size written into the SQL rather than sent as a parameter: PostgreSQL cannot cost a
 * generic plan for `limit $1` (it assumes a tenth of the table), so it would plan the prepared
 * page query afresh on every call. Page sizes are a few validated integers, so the texts are few.
 */
export function inlineLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`Not a page size: ${limit}`)
  // Drizzle's limit() prints an SQL chunk as it is, but its type admits only numbers and placeholders.
  return sql.raw(String(limit)) as unknown as number
}
