import { and, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { ListResult, SortDirection } from '../../shared/domain/common'
import { queryRows, type RosterDb } from '../db/client'
import { after, decodeCursor, encodeCursor, orderBy, orderKeys, signatureOf, type OrderedKey, type SortKey } from './listing'

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
  db: RosterDb
  sortKeys: Record<Column, SeekableKey>
  idKey: SortKey
  defaultSort: { column: Column; direction: SortDirection }[]
  /** The filters and search, already as SQL. */
  where: SQL | undefined
  fetch(where: SQL | undefined, order: SQL[], limit: number, offset: number): Promise<Row[]>
  /** `select 1 from … where …`: the rows the list matches, counted or estimated. */
  matching(where: SQL | undefined): MatchingQuery
}

/** A query builder's SQL, and its text for keying what is remembered about it. */
export type MatchingQuery = SQLWrapper & { toSQL(): { sql: string; params: unknown[] } }

/** How long a planner estimate is reused: it is approximate anyway, and saves a planner call per page. */
const ESTIMATE_TTL_MS = 10_000
const HISTOGRAM_TTL_MS = 60_000
const MEMORY_LIMIT = 200

/** Small per-database memories with expiry, for planner estimates and pg_stats histograms. */
class Remembered<T> {
  #byDb = new WeakMap<RosterDb, Map<string, { value: T; at: number }>>()
  constructor(private readonly ttlMs: number) {}

  async get(db: RosterDb, key: string, load: () => Promise<T>): Promise<T> {
    let entries = this.#byDb.get(db)
    if (!entries) this.#byDb.set(db, (entries = new Map()))
    const hit = entries.get(key)
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value
    const value = await load()
    if (entries.size >= MEMORY_LIMIT) entries.delete(entries.keys().next().value!)
    entries.set(key, { value, at: Date.now() })
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

/** Exact when cheap, else the estimate: never a full count of a large table on every page. */
export async function totalOf(db: RosterDb, query: MatchingQuery): Promise<{ total: number; exact: boolean }> {
  const { sql: text, params } = query.toSQL()
  // The estimate only decides between counting and estimating, so a remembered one serves; a small
  // result is still counted exactly, fresh, every time.
  const estimate = await estimates.get(db, `${text}\u0000${JSON.stringify(params)}`, () => estimateRows(db, query))
  if (estimate < EXACT_COUNT_BELOW) return { total: await exactCount(db, query), exact: true }
  return { total: estimate, exact: false }
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

/**
 * One page of a list. Sequential pages follow the keyset cursor; a position near the start is an
 * OFFSET, near the end the reversed order read backwards, and anywhere else a seek to the sort
 * key pg_stats puts at that fraction of the table, so no page costs a scan of all before it.
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
  const cursorOf = (row: Row) => encodeCursor(signature, [...sort.map((s) => row[s.column]), row.id])
  const finish = (rows: Row[], total: { total: number; exact: boolean }, offset: number | null, offsetExact: boolean): ListResult<Row> => {
    const last = rows.length === request.limit ? rows[rows.length - 1] : undefined
    return { rows, total: total.total, totalExact: total.exact, offset, offsetExact, nextCursor: last ? cursorOf(last) : null }
  }

  const totalPromise = totalOf(plan.db, plan.matching(plan.where))
  if (request.after) {
    const seek = after(keys, decodeCursor(request.after, signature, keys.length))
    const [rows, total] = await Promise.all([plan.fetch(and(plan.where, seek), orderBy(keys), request.limit, 0), totalPromise])
    return finish(rows, total, null, false)
  }
  if (request.offset <= EXACT_OFFSET_UP_TO) {
    const [rows, total] = await Promise.all([plan.fetch(plan.where, orderBy(keys), request.limit, request.offset), totalPromise])
    return finish(rows, total, request.offset, true)
  }

  const total = await totalPromise
  const fromEnd = total.total - request.offset - request.limit
  if (fromEnd <= EXACT_OFFSET_UP_TO) {
    // Near the end: read the reversed order from the end, then turn the rows around.
    const skip = Math.max(0, fromEnd)
    const take = fromEnd < 0 ? request.limit + fromEnd : request.limit
    const rows = take > 0 ? (await plan.fetch(plan.where, orderBy(reverse(keys)), take, skip)).reverse() : []
    const offset = Math.max(0, total.total - skip - rows.length)
    return finish(rows, total, offset, total.exact)
  }
  const first = keys[0]!
  const bound = await boundAt(plan.db, first, first.direction, request.offset / total.total)
  if (bound === null) {
    // No histogram for this sort (a joined name, a boolean): a row sampled at that fraction of
    // the table gives the sort keys to continue after.
    const rate = Math.min(1, SAMPLE_ROWS / total.total)
    const sampled = await plan.fetch(
      and(plan.where, rate < 1 ? sql`random() < ${rate}` : undefined),
      // Sorted by expressions no index serves, so the sample is one sequential pass plus a small
      // sort, never an index walk of every row up to the position.
      rate < 1 ? orderBy(keys.map((k) => ({ ...k, expr: sql`coalesce(${k.expr}, ${k.expr})` }))) : orderBy(keys),
      1,
      Math.max(0, Math.floor(request.offset * rate) - 1),
    )
    const [row] = sampled
    const rows = row
      ? await plan.fetch(and(plan.where, after(keys, [...sort.map((s) => row[s.column]), row.id])), orderBy(keys), request.limit, 0)
      : []
    return finish(rows, total, request.offset, rate === 1 && total.exact)
  }
  const seek = sql`${first.expr} ${sql.raw(first.direction === 'asc' ? '>=' : '<=')} ${sql`${bound}::${sql.raw(first.type)}`}`
  const rows = await plan.fetch(and(plan.where, seek), orderBy(keys), request.limit, 0)
  return finish(rows, total, request.offset, false)
}
