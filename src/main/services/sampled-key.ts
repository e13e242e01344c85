import { sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { queryRows, type RosterDb } from '../db/client'
import { orderBy, type OrderedKey, type SortKey } from './list-query'

/** A key's value as a cursor holds it: postgres.js sends a boolean parameter only from a boolean. */
const valueOf = (key: SortKey, text: string): string | boolean => (key.type === 'boolean' ? text === 'true' : text)

/**
 * How many of the view's rows a block sample holds on average, whatever the table size: enough
 * pages (a few hundred) that rows stored together, and so often alike (an agency's users, a day's
 * sign-ups), do not sway the position much.
 */
export const BLOCK_SAMPLE_ROWS = 10_000

/**
 * The sort keys of the row at `fraction` of a view, from a block sample of its table
 * (`tablesample system`): a few hundred pages read, not the table, however large. The row is
 * taken at that fraction of the rows the sample actually holds (a block sample's size varies),
 * so only the sample's spread, not its size, moves the position. Keys come back as text (in JSON,
 * where a null stays null), for a keyset seek that casts them back.
 */
export async function sampledKeysAt(request: {
  db: RosterDb
  keys: OrderedKey[]
  /** The list's FROM clause over a block sample of `percent` of its main table's pages. */
  sampleSource(percent: number, seed: number): SQL
  where: SQL | undefined
  matching: number
  fraction: number
}): Promise<(string | boolean | null)[] | null> {
  const { db, keys, where, fraction } = request
  const percent = Math.min(100, (100 * BLOCK_SAMPLE_ROWS) / Math.max(1, request.matching))
  const seed = Math.floor(Math.random() * 2 ** 31)
  const [row] = await queryRows(
    db,
    z.object({ keys: z.array(z.string().nullable()) }),
    sql`select json_build_array(${sql.join(keys.map((_, i) => sql`(${sql.identifier(`k${i}`)})::text`), sql`, `)}) as keys from (
      select ${sql.join(keys.map((k, i) => sql`${k.expr} as ${sql.identifier(`k${i}`)}`), sql`, `)},
             row_number() over (order by ${sql.join(orderBy(keys), sql`, `)}) as rn, count(*) over () as n
      from ${request.sampleSource(percent, seed)} where ${where ?? sql`true`}
    ) sampled where rn >= ceil(n * ${fraction}::float8) order by rn limit 1`,
  )
  return row ? row.keys.map((text, i) => (text === null ? null : valueOf(keys[i]!, text))) : null
}
