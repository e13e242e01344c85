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

/** A view's sort keys at evenly spaced ranks of one sample: each kept row's rank, keys as text. */
interface Quantiles {
  sampled: number
  kept: { rank: number; keys: (string | null)[] }[]
}

/**
 * Each view's quantiles, so only the first deep jump into a view pays for a sample and every
 * later one costs a keyset seek. A save through Roster forgets them (rows it moved would sit at
 * the old ranks); others' writes wait out the minute, as pg_stats' histograms do. Stale quantiles
 * only misplace a position, which is approximate anyway: the rows read after them are exact.
 */
const viewQuantiles = new Remembered<Quantiles | null>(60_000, true)

/**
 * The sort keys of the row at `fraction` of a view, from a block sample of its table
 * (`tablesample system`): a few hundred pages read, not the table, however large, and only for
 * the view's first deep position; the sample is then remembered as the view's quantiles. A block
 * sample's size varies, so a position is a rank among the rows the sample actually holds: only the
 * sample's spread, not its size, moves it. Keys come back as text (in JSON, where a null stays
 * null), for a keyset seek that casts them back.
 */
export async function sampledKeysAt(request: {
  db: RosterDb
  /** The view (list, filters with their values, sort) the quantiles are remembered for. */
  view: string
  keys: OrderedKey[]
  /** The list's FROM clause over a block sample of `percent` of its main table's pages. */
  sampleSource(percent: number, seed: number): SQL
  where: SQL | undefined
  matching: number
  fraction: number
}): Promise<(string | boolean | null)[] | null> {
  const { keys, fraction } = request
  const quantiles = await viewQuantiles.get(request.db, request.view, () => sampleQuantiles(request))
  if (!quantiles) return null
  const rank = Math.max(1, Math.ceil(quantiles.sampled * fraction))
  const nearest = quantiles.kept.reduce((best, row) => (Math.abs(row.rank - rank) < Math.abs(best.rank - rank) ? row : best))
  return nearest.keys.map((text, i) => (text === null ? null : valueOf(keys[i]!, text)))
}

/**
 * One block sample of a view, sorted, of which the rows at every QUANTILE_STEPS-th of its ranks
 * are kept: rank r is kept when some step i has ceil(sampled * i / QUANTILE_STEPS) = r. Null when
 * the sample holds none of the view's rows.
 */
async function sampleQuantiles(request: {
  db: RosterDb
  keys: OrderedKey[]
  sampleSource(percent: number, seed: number): SQL
  where: SQL | undefined
  matching: number
}): Promise<Quantiles | null> {
  const { db, keys, where } = request
  const percent = Math.min(100, (100 * BLOCK_SAMPLE_ROWS) / Math.max(1, request.matching))
  const seed = Math.floor(Math.random() * 2 ** 31)
  const steps = sql.raw(String(QUANTILE_STEPS))
  const rows = await queryRows(
    db,
    z.object({ rank: z.number(), sampled: z.number(), keys: z.array(z.string().nullable()) }),
    sql`select rn::int as rank, n::int as sampled,
               json_build_array(${sql.join(keys.map((_, i) => sql`(${sql.identifier(`k${i}`)})::text`), sql`, `)}) as keys from (
      select ${sql.join(keys.map((k, i) => sql`${k.expr} as ${sql.identifier(`k${i}`)}`), sql`, `)},
             row_number() over (order by ${sql.join(orderBy(keys), sql`, `)}) as rn, count(*) over () as n
      from ${request.sampleSource(percent, seed)} where ${where ?? sql`true`}
    ) sampled where rn = 1 or rn * ${steps} / n > (rn - 1) * ${steps} / n order by rn`,
  )
  return rows.length ? { sampled: rows[0]!.sampled, kept: rows.map(({ rank, keys }) => ({ rank, keys })) } : null
}
