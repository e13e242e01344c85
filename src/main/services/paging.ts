import { and, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { PgDialect, type PgSelect } from 'drizzle-orm/pg-core'
import type { ListResult, SortDirection } from '../../shared/domain/common'
import { queryRows, type RosterDb } from '../db/client'
import { after, apiFields, decodeCursor, encodeCursor, orderBy, orderKeys, signatureOf, type OrderedKey, type SortKey } from './listing'
import { PerDatabase } from './per-database'
import { inlineLimit, inPlace, Placeholders, readRows, statementFor, type Bind } from './statements'

/** Below this many matching rows an exact count is cheap; above it the planner's estimate stands in. */
export const EXACT_COUNT_BELOW = 50_000
/** OFFSET up to this many rows is cheap; deeper positions are sought by key instead. */
export const EXACT_OFFSET_UP_TO = 5_000
/** How many rows a sampled seek reads on average, whatever the table size. */
const SAMPLE_ROWS = 10_000

/** A sort column whose distribution PostgreSQL keeps in pg_stats, so a deep position can be sought by key. */
export interface SeekableKey extends SortKey {
  stats?: { table: string; column: string }
}

export interface ListRequest<Column extends string> {
  sort: { column: Column; direction: SortDirection }[]
  limit: number
  offset: number
  after?: string | null | undefined
}

export interface ListPlan<Row extends { id: string }, Column extends string> {
  /** Which list this is: its statements are kept per database under this name. */
  name: string
  db: RosterDb
  sortKeys: Record<Column, SeekableKey>
  idKey: SortKey
  defaultSort: { column: Column; direction: SortDirection }[]
  /** The filters and search as SQL, every value put in through `bind`. */
  where(bind: Bind): SQL | undefined
  /** The page's fields from their tables: `db.select(apiFields(…)).from(…)`, joins and all, made dynamic. */
  source(): PgSelect
  /** The row's timestamp fields, sent as ISO text. */
  instants: readonly (keyof Row & string)[]
  /** `select 1 from … where …`: the rows the list matches, counted or estimated. */
  matching(where: SQL | undefined): SQLWrapper
}

/** How long a planner estimate is reused: it is approximate anyway, and saves a planner call per page. */
const ESTIMATE_TTL_MS = 10_000
const HISTOGRAM_TTL_MS = 60_000
const MEMORY_LIMIT = 200

/** Small per-database memories with expiry, for planner estimates and pg_stats histograms. */
class Remembered<T> {
  readonly #entries = new PerDatabase<{ value: T; at: number }>(MEMORY_LIMIT)
  constructor(private readonly ttlMs: number) {}

  async get(db: RosterDb, key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(db, key)
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value
    const value = await load()
    this.#entries.set(db, key, { value, at: Date.now() })
    return value
  }
}

const estimates = new Remembered<number>(ESTIMATE_TTL_MS)
const histograms = new Remembered<string[] | null>(HISTOGRAM_TTL_MS)

/** The planner's estimate of how many rows a query returns: a millisecond, whatever the table size. */
async function estimateRows(db: RosterDb, query: SQLWrapper): Promise<number> {
  const [row] = await queryRows<{ 'QUERY PLAN': unknown }>(db, sql`explain (format json) ${query}`)
  const plan = row?.['QUERY PLAN']
  const parsed = (typeof plan === 'string' ? JSON.parse(plan) : plan) as { Plan: { 'Plan Rows': number } }[]
  return Math.round(parsed[0]?.Plan['Plan Rows'] ?? 0)
}

export async function exactCount(db: RosterDb, query: SQLWrapper): Promise<number> {
  const [row] = await queryRows<{ n: number | string }>(db, sql`select count(*)::bigint as n from (${query}) as matching`)
  return Number(row?.n ?? 0)
}

/** A list's filters with their values held apart, and the shape that keys its statements. */
interface Filters {
  where: SQL | undefined
  placeholders: Placeholders
  shape: string
}

/** Exact when cheap, else the estimate: never a full count of a large table on every page. */
async function totalOf<Row extends { id: string }, Column extends string>(
  plan: ListPlan<Row, Column>,
  filters: Filters,
): Promise<{ total: number; exact: boolean }> {
  const { db } = plan
  const values = filters.placeholders.values
  // The estimate only decides between counting and estimating, so a remembered one serves; a small
  // result is still counted exactly, fresh, every time.
  const estimate = await estimates.get(db, `${filters.shape}\u0000${JSON.stringify(values)}`, () =>
    estimateRows(db, plan.matching(plan.where(inPlace))),
  )
  if (estimate >= EXACT_COUNT_BELOW) return { total: estimate, exact: false }
  const counting = statementFor(db, `${filters.shape}|count`, () =>
    db.select(apiFields({ n: sql`count(*)::bigint` })).from(sql`(${plan.matching(filters.where)}) as matching`),
  )
  const [row] = await counting.all(values)
  return { total: Number(row?.n ?? 0), exact: true }
}

const reverse = (keys: OrderedKey[]): OrderedKey[] =>
  keys.map((k) => ({ ...k, direction: k.direction === 'asc' ? 'desc' : 'asc' }))

/** The sort column's value at a fraction of the table, from pg_stats' equal-frequency histogram. */
async function boundAt(db: RosterDb, key: SeekableKey, direction: SortDirection, fraction: number): Promise<string | null> {
  const stats = key.stats
  if (!stats) return null
  const bounds = await histograms.get(db, `${stats.table}.${stats.column}`, async () => {
    const [row] = await queryRows<{ bounds: string[] | null }>(
      db,
      sql`select histogram_bounds::text::text[] as bounds from pg_stats
          where schemaname = 'public' and tablename = ${stats.table} and attname = ${stats.column}`,
    )
    return row?.bounds ?? null
  })
  if (!bounds || bounds.length < 2) return null
  const at = direction === 'asc' ? fraction : 1 - fraction
  return bounds[Math.min(bounds.length - 1, Math.max(0, Math.round(at * (bounds.length - 1))))] ?? null
}

const dialect = new PgDialect()

/** One way of reading a page: extra conditions (values put in through `bind`), order, size and offset. */
interface PageRead {
  extra?: SQL | undefined
  order: OrderedKey[]
  limit: number
  offset?: number
}

/**
 * One page of a list. Sequential pages follow the keyset cursor; a position near the start is an
 * OFFSET, near the end the reversed order read backwards, and anywhere else a seek to the sort
 * key pg_stats puts at that fraction of the table, so no page costs a scan of all before it.
 * Each way of reading is one prepared statement per shape (sort, which filters, how it reads),
 * run with that request's values.
 */
export async function runList<Row extends { id: string }, Column extends string & keyof Row>(
  plan: ListPlan<Row, Column>,
  request: ListRequest<Column>,
): Promise<ListResult<Row>> {
  const sort = request.sort.length ? request.sort : plan.defaultSort
  const keys = orderKeys(
    sort.map((s) => ({ ...plan.sortKeys[s.column], direction: s.direction })),
    plan.idKey,
  )
  const signature = signatureOf(sort)
  const placeholders = new Placeholders()
  const where = plan.where(placeholders.bind)
  const filters: Filters = { where, placeholders, shape: `${plan.name}|${signature}|${where ? dialect.sqlToQuery(where).sql : ''}` }

  /**
   * `way` names how the page is read; with the filters' shape, the size and whether there is an
   * OFFSET (left out when zero, so such a statement has no parameter to plan for) it keys the statement.
   */
  const read = (way: string, pageRead: (bind: Bind) => PageRead) => {
    const own = new Placeholders(placeholders)
    const page = pageRead(own.bind)
    const offset = page.offset ? own.bind(page.offset) : 0
    const statement = statementFor(plan.db, `${filters.shape}|${way}|${page.limit}${offset ? '+offset' : ''}`, () =>
      plan
        .source()
        .where(and(where, page.extra))
        .orderBy(...orderBy(page.order))
        .limit(inlineLimit(page.limit))
        .offset(offset),
    )
    return readRows<Row>(statement, own.values, plan.instants)
  }
  /** Rows after `values` in the sort; which of them are null is part of the statement's shape. */
  const readAfter = (values: unknown[], limit: number) =>
    read(`after:${values.map((v) => (v === null ? 'n' : 'v')).join('')}`, (bind) => ({
      extra: after(
        keys,
        values.map((v) => (v === null ? null : bind(v))),
      ),
      order: keys,
      limit,
    }))

  const cursorOf = (row: Row) => encodeCursor(signature, [...sort.map((s) => row[s.column]), row.id])
  const finish = (
    rows: Row[],
    total: { total: number; exact: boolean },
    offset: number | null,
    offsetExact: boolean,
    rowsAfter: number | null = null,
  ): ListResult<Row> => {
    const last = rows.length === request.limit ? rows[rows.length - 1] : undefined
    return { rows, total: total.total, totalExact: total.exact, offset, offsetExact, rowsAfter, nextCursor: last ? cursorOf(last) : null }
  }

  // A refused cursor must refuse before any query starts, so no count is left running unawaited.
  const cursor = request.after ? decodeCursor(request.after, signature, keys) : null
  const totalPromise = totalOf(plan, filters)
  if (cursor) {
    const [rows, total] = await Promise.all([readAfter(cursor, request.limit), totalPromise])
    return finish(rows, total, null, false)
  }
  if (request.offset <= EXACT_OFFSET_UP_TO) {
    const rows = read('start', () => ({ order: keys, limit: request.limit, offset: request.offset }))
    const [page, total] = await Promise.all([rows, totalPromise])
    return finish(page, total, request.offset, true)
  }

  const total = await totalPromise
  const fromEnd = total.total - request.offset - request.limit
  if (fromEnd <= EXACT_OFFSET_UP_TO) {
    // Near the end: read the reversed order from the end, then turn the rows around.
    const skip = Math.max(0, fromEnd)
    const take = fromEnd < 0 ? request.limit + fromEnd : request.limit
    const rows =
      take > 0
        ? (await read('end', () => ({ order: reverse(keys), limit: take, offset: skip }))).reverse()
        : []
    const offset = Math.max(0, total.total - skip - rows.length)
    return finish(rows, total, offset, total.exact, skip)
  }
  const first = keys[0]!
  const bound = await boundAt(plan.db, first, first.direction, request.offset / total.total)
  if (bound === null) {
    // No histogram for this sort (a joined name, a boolean): a row sampled at that fraction of
    // the table gives the sort keys to continue after.
    const rate = Math.min(1, SAMPLE_ROWS / total.total)
    const skip = Math.max(0, Math.floor(request.offset * rate) - 1)
    const [row] = await read(`sample:${rate < 1}`, (bind) => ({
      extra: rate < 1 ? sql`random() < ${bind(rate)}` : undefined,
      // Sorted by expressions no index serves, so the sample is one sequential pass plus a small
      // sort, never an index walk of every row up to the position.
      order: rate < 1 ? keys.map((k) => ({ ...k, expr: sql`coalesce(${k.expr}, ${k.expr})` })) : keys,
      limit: 1,
      offset: skip,
    }))
    const rows = row ? await readAfter([...sort.map((s) => row[s.column]), row.id], request.limit) : []
    return finish(rows, total, request.offset, rate === 1 && total.exact)
  }
  const rows = await read('seek', (bind) => ({
    extra: sql`${first.expr} ${sql.raw(first.direction === 'asc' ? '>=' : '<=')} ${sql`${bind(bound)}::${sql.raw(first.type)}`}`,
    order: keys,
    limit: request.limit,
  }))
  return finish(rows, total, request.offset, false)
}
