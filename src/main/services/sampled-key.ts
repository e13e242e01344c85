import { sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { queryRows, type RosterDb } from '../db/client'
import { orderBy, type OrderedKey, type SortKey } from './list-query'
import { Remembered } from './per-database'

/** A key's value as a cursor holds it: postgres.js sends a boolean parameter only from a boolean. */
const valueOf = (key: SortKey, text: string): string | boolean => (key.type === 'boolean' ? text === 'true' : text)

/**
 * How many of the view's rows a block sample holds on average, whatever the table size: enough
 * pages (a few hundred) that rows stored together, and so often alike (an agency's users, a day's
 * sign-ups), do not sway the position much.
 */
export const BLOCK_SAMPLE_ROWS = 10_000

/** Spaces between the sort keys kept of a sample: any fraction of the view is within half of one (0.25 %) of a kept key. */
const QUANTILE_STEPS = 200

/** A view's sort keys at evenly spaced ranks of one sample (or of the whole view). */
interface Quantiles {
  sampled: number
  kept: KeptKeys[]
}

/** A row of a view kept for its rank: where a page can start or stop by keyset. */
export interface KeptKeys {
  /** 1 for the view's first row. */
  rank: number
  keys: (string | boolean | null)[]
}

/**
 * Each view's quantiles, so only the first deep jump into a view pays for a sample and every
 * later one costs a keyset seek. A save through Roster forgets them (rows it moved would sit at
 * the old ranks); others' writes wait out the minute, as pg_stats' histograms do. Stale quantiles
 * only misplace a position, which is approximate anyway: the rows read after them are exact.
 */
const viewQuantiles = new Remembered<Quantiles | null>(60_000, true)

/** What a view's quantiles are read from. */
interface ViewRequest {
  db: RosterDb
  /** The view (list, filters with their values, sort) the quantiles are remembered for. */
  view: string
  keys: OrderedKey[]
  /** The list's FROM clause, over a block sample of `percent` of its main table's pages when given one. */
  source(sample?: { percent: number; seed: number }): SQL
  where: SQL | undefined
}

/**
 * The sort keys of the row at `fraction` of a view, from a block sample of its table
 * (`tablesample system`): a few hundred pages read, not the table, however large, and only for
 * the view's first deep position; the sample is then remembered as the view's quantiles. A block
 * sample's size varies, so a position is a rank among the rows the sample actually holds: only the
 * sample's spread, not its size, moves it. Keys are read as text (in JSON, where a null stays
 * null) and given back as a cursor holds them, for a keyset seek that casts them back.
 */
export async function sampledKeysAt(request: ViewRequest & { matching: number; fraction: number }): Promise<(string | boolean | null)[] | null> {
  const { fraction } = request
  const steps = sql.raw(String(QUANTILE_STEPS))
  // The rows at every QUANTILE_STEPS-th of the sample's ranks: rank r is kept when some step i has ceil(sampled * i / QUANTILE_STEPS) = r.
  const quantiles = await viewQuantiles.get(request.db, request.view, () => {
    const percent = Math.min(100, (100 * BLOCK_SAMPLE_ROWS) / Math.max(1, request.matching))
    return keptRows(request, { percent, seed: Math.floor(Math.random() * 2 ** 31) }, sql`rn = 1 or rn * ${steps} / n > (rn - 1) * ${steps} / n`)
  })
  if (!quantiles) return null
  const rank = Math.max(1, Math.ceil(quantiles.sampled * fraction))
  return quantiles.kept.reduce((best, row) => (Math.abs(row.rank - rank) < Math.abs(best.rank - rank) ? row : best)).keys
}

/** Rows kept of a whole view, at most: its rows are ranked once, their keys kept at every so many ranks. */
const EXACT_KEPT_ROWS = 1_000
/** Ranks between kept rows, at least: a page between two of them skips fewer. */
const EXACT_RANK_STEP = 50

/**
 * The view's rows nearest around ranks `offset + 1` to `offset + limit`, from its exact quantiles (a
 * row at every EXACT_RANK_STEP-th rank or more, of the whole view sorted once and remembered as
 * sampled ones are; taken again when `retake`): `from` the last at or before the page (null if
 * none), `to` the first after it (null if none), and the rows `ranked`. Between their keys a keyset
 * read finds the page, skipping fewer than a step's rows, and PostgreSQL sees how few rows the
 * range holds. Null for a view with no rows.
 */
export async function exactKeysAround(
  request: ViewRequest & { matching: number; offset: number; limit: number; retake: boolean },
): Promise<{ from: KeptKeys | null; to: KeptKeys | null; ranked: number } | null> {
  const { db, offset, limit } = request
  const step = sql.raw(String(Math.max(EXACT_RANK_STEP, Math.ceil(request.matching / EXACT_KEPT_ROWS))))
  const key = `exact\u0000${request.view}`
  const rank = () => keptRows(request, undefined, sql`rn % ${step} = 0`)
  const quantiles = request.retake ? await rank() : await viewQuantiles.get(db, key, rank)
  if (request.retake) viewQuantiles.set(db, key, quantiles)
  if (!quantiles) return null
  const from = quantiles.kept.findLast((row) => row.rank <= offset) ?? null
  const to = quantiles.kept.find((row) => row.rank > offset + limit) ?? null
  return { from, to, ranked: quantiles.sampled }
}

/** The rows of a view (or of a block sample of it) sorted, of which those `kept` (by `rn`, their rank, and `n`, the rows read) are kept. */
async function keptRows(request: ViewRequest, sample: { percent: number; seed: number } | undefined, kept: SQL): Promise<Quantiles | null> {
  const { db, keys, where } = request
  const rows = await queryRows(
    db,
    z.object({ rank: z.number(), sampled: z.number(), keys: z.array(z.string().nullable()) }),
    sql`select rn::int as rank, n::int as sampled,
               json_build_array(${sql.join(keys.map((_, i) => sql`(${sql.identifier(`k${i}`)})::text`), sql`, `)}) as keys from (
      select ${sql.join(keys.map((k, i) => sql`${k.expr} as ${sql.identifier(`k${i}`)}`), sql`, `)},
             row_number() over (order by ${sql.join(orderBy(keys), sql`, `)}) as rn, count(*) over () as n
      from ${request.source(sample)} where ${where ?? sql`true`}
    ) sampled where ${kept} order by rn`,
  )
  return rows.length
    ? { sampled: rows[0]!.sampled, kept: rows.map(({ rank, keys: texts }) => ({ rank, keys: texts.map((text, i) => (text === null ? null : valueOf(keys[i]!, text))) })) }
    : null
}
