import { and, count, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { z } from 'zod'
import { queryRows, type RosterDb } from '../db/client'
import { Remembered } from './per-database'
import { StatementRegistry, type Preparable, type StatementShape } from './statement-registry'

/** Below this many matching rows an exact count is cheap; above it the planner's estimate stands in. */
export const EXACT_COUNT_BELOW = 50_000

/** How long a planner estimate is reused: it is approximate anyway, and saves a planner call per page. */
const estimates = new Remembered<number>(10_000)
const counts = new StatementRegistry<{ n: number }>()

/** The planner's estimate of how many rows a query returns: a millisecond, whatever the table size. */
async function estimateRows(db: RosterDb, query: SQLWrapper): Promise<number> {
  const [row] = await queryRows(db, z.object({ 'QUERY PLAN': z.unknown() }), sql`explain (format json) ${query}`)
  const plan: unknown = row?.['QUERY PLAN']
  const parsed: unknown = typeof plan === 'string' ? JSON.parse(plan) : plan
  const rows: unknown = Array.isArray(parsed) ? parsed[0]?.Plan?.['Plan Rows'] : undefined
  return typeof rows === 'number' ? Math.round(rows) : 0
}

const counting = (db: RosterDb, matching: SQLWrapper) =>
  db.select({ n: count() }).from(sql`(${matching}) as matching`)

/** Every row `matching` (a `select 1 from … where …`) returns, counted. */
export async function exactCount(db: RosterDb, matching: SQLWrapper): Promise<number> {
  const [row] = await counting(db, matching)
  return row?.n ?? 0
}

/** A list's filters: their SQL with values as placeholders, the values, and the statement shape they belong to. */
export interface TotalRequest {
  db: RosterDb
  shape: Omit<StatementShape, 'reading'>
  where: SQL | undefined
  /** The total the database keeps for these filters (`ListPlan.keptTotal`), if it keeps one. */
  kept?: Preparable<{ n: number }> | undefined
  values: Record<string, unknown>
  /** The filters with their values in place, for the planner's estimate. */
  whereInPlace(): SQL | undefined
  /** `select 1 from … where …`: the rows the list matches. */
  matching(where: SQL | undefined): SQLWrapper
}

/** A view's filters with their values: what its estimate and its count are remembered under. */
const viewKey = ({ shape, values }: TotalRequest) => `${shape.list}|${shape.filters.join('&')}\u0000${JSON.stringify(values)}`

/**
 * The planner's estimate of the rows a list's filters match, remembered briefly: it decides how a
 * page is read and whether the total is counted.
 */
export function estimateOf(request: TotalRequest): Promise<number> {
  return estimates.get(request.db, viewKey(request), () => estimateRows(request.db, request.matching(request.whereInPlace())))
}

/**
 * The last exact count of each view, only ever a guess: a deep page, whose position depends on the
 * total, may be read from it while the view is counted again, and is kept only if the count agrees.
 * A save through Roster forgets them (the guess would be read for nothing); others' writes are
 * caught by the count.
 */
const lastCounts = new Remembered<number>(60_000, true)

/** The view's total as last counted, if it was counted within the minute. */
export function lastCountOf(request: TotalRequest): { total: number; exact: true } | undefined {
  const total = lastCounts.peek(request.db, viewKey(request))
  return total === undefined ? undefined : { total, exact: true }
}

/**
 * Conditions that hold exactly the matches of one of the view's filters in stretches of one index
 * (a name's start spelled out whole), their values put in with the view's: a count of each
 * stretch from that index's entries, the other filters (`where`) tested on them.
 */
export interface CountedIn {
  stretches: SQL[]
  where: SQL | undefined
  values: Record<string, unknown>
}

/** The rows `matching` returns within each stretch, counted stretch by stretch and summed. */
const countingWithin = (db: RosterDb, request: TotalRequest, { stretches, where }: CountedIn) =>
  db
    // Each stretch's count(*), as PostgreSQL names it.
    .select({ n: sql<number>`coalesce(sum(stretch.count), 0)::int` })
    .from(sql`(${sql.join(stretches.map((stretch) => sql`(${counting(db, request.matching(and(where, stretch)))})`), sql` union all `)}) as stretch`)

/**
 * Exact when kept or cheap, else the estimate: never a full count of a large table on every page.
 * `countedIn`: where the count reads each stretch of an index that holds the matches (25,000
 * names starting with Ann of 1M: their entries alone, not a trigram match and a heap fetch each:
 * 33 → 6 ms).
 */
export async function totalOf(request: TotalRequest, estimate: number, countedIn?: CountedIn): Promise<{ total: number; exact: boolean }> {
  const { db, shape, values, kept } = request
  // The estimate only decides between counting and estimating, so a remembered one serves; a small
  // result is still counted exactly, fresh, every time.
  if (estimate >= EXACT_COUNT_BELOW && !kept) return { total: estimate, exact: false }
  const statement = kept
    ? counts.statementFor(db, { ...shape, reading: { way: 'kept' } }, () => kept)
    : countedIn
      ? counts.statementFor(db, { ...shape, reading: { way: 'count', stretches: countedIn.stretches.length } }, () => countingWithin(db, request, countedIn))
      : counts.statementFor(db, { ...shape, reading: { way: 'count' } }, () => counting(db, request.matching(request.where)))
  const [row] = await statement.execute(countedIn?.values ?? values)
  const total = row?.n ?? 0
  lastCounts.set(db, viewKey(request), total)
  return { total, exact: true }
}
