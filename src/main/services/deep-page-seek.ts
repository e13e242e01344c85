import { and, eq, sql } from 'drizzle-orm'
import type { SortDirection } from '../../shared/schemas/common'
import type { RosterDb } from '../db/client'
import type { SortKey } from './list-query'
import { Remembered } from './per-database'

/** OFFSET up to this many rows is cheap; deeper positions are sought by key instead. */
export const EXACT_OFFSET_UP_TO = 5_000
/** How many rows a sampled seek reads on average, whatever the table size. */
export const SAMPLE_ROWS = 10_000

/** A sort column whose distribution PostgreSQL keeps in pg_stats, so a deep position can be sought by key. */
export interface SeekableKey extends SortKey {
  stats?: { table: string; column: string }
  /** The filter (by name, before its `:operator`) that bounds this column to a range its index reads directly. */
  rangeFilter?: string
}

/** What pg_stats keeps of a sort column: its equal-frequency histogram, and how closely it follows the rows' order in the table. */
interface ColumnStats {
  bounds: string[] | null
  /** −1 to 1; 0 when unknown. */
  correlation: number
}

const columnStats = new Remembered<ColumnStats | null>(60_000)

const pgStats = sql`pg_stats`

/** The sort column's pg_stats row, read once a minute; null for a column without statistics. */
function statsOf(db: RosterDb, key: SeekableKey): Promise<ColumnStats | null> {
  const stats = key.stats
  if (!stats) return Promise.resolve(null)
  return columnStats.get(db, `${stats.table}.${stats.column}`, async () => {
    const [row] = await db
      .select({ bounds: sql<string[] | null>`histogram_bounds::text::text[]`, correlation: sql<number | null>`correlation` })
      .from(pgStats)
      .where(and(eq(sql`schemaname`, 'public'), eq(sql`tablename`, stats.table), eq(sql`attname`, stats.column)))
    return { bounds: row?.bounds ?? null, correlation: row?.correlation ?? 0 }
  })
}

/** How closely the sort column's order follows the rows' order in the table (pg_stats: −1 to 1; 0 unknown). */
export async function correlationOf(db: RosterDb, key: SeekableKey): Promise<number> {
  return (await statsOf(db, key))?.correlation ?? 0
}

/** The sort column's equal-frequency histogram (its values as text, ascending), or null without one. */
export async function histogramOf(db: RosterDb, key: SeekableKey): Promise<string[] | null> {
  return (await statsOf(db, key))?.bounds ?? null
}

/** The sort column's value at a fraction of the table, from pg_stats' equal-frequency histogram. */
export async function boundAt(db: RosterDb, key: SeekableKey, direction: SortDirection, fraction: number): Promise<string | null> {
  const bounds = (await statsOf(db, key))?.bounds
  if (!bounds || bounds.length < 2) return null
  const at = direction === 'asc' ? fraction : 1 - fraction
  return bounds[Math.min(bounds.length - 1, Math.max(0, Math.round(at * (bounds.length - 1))))] ?? null
}
