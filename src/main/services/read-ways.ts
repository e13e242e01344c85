import type { RosterDb } from '../db/client'
import { Remembered } from './per-database'

/**
 * How a view's page (from its start, `wanted` rows in) was last read each way: the bounded walk of
 * the sort's index, and the matches read and sorted. Which costs less depends on where the matches
 * lie in the sort's order, which neither pg_stats nor the planner know: names starting with Ann
 * sorted by email lie after the emails of every name before Ann (10M users: walked past in 0.7 s,
 * sorted in 1.7 s), and the same view in the other order lies after all the rest.
 */
export interface WaysRead {
  /** The rows the walk could examine, whether its matches filled the page, and its time. */
  walk?: { cap: number; filled: boolean; ms: number }
  /** The time the sort took, and the sort keys of its page's first row (null for an empty page). */
  sorted?: { ms: number; firstKeys: unknown[] | null }
}

/**
 * A grid reads one view many times (scrolling back to the top, Reload, live updates, a second
 * window): remembered for five minutes, so its later reads go the way its earlier ones measured.
 * A wrong memory costs a walk at most as long as the sort it replaces, never a scan.
 */
const waysRead = new Remembered<WaysRead>(5 * 60_000)

/** What the view's earlier reads measured, if it was read in the last five minutes. */
export const recalledWays = (db: RosterDb, view: string): WaysRead | undefined => waysRead.peek(db, view)

/** Adds what one read measured to the view's memory. */
export function rememberWay(db: RosterDb, view: string, measured: WaysRead): void {
  waysRead.set(db, view, { ...waysRead.peek(db, view), ...measured })
}

/**
 * A walk that ran out before the page's rows is taken again this much further than the rows ahead
 * of the sorted page's first row were estimated.
 */
const AHEAD_MARGIN = 1.25

/**
 * That walk is tried when at the pace the shorter walk measured it is expected to cost less than
 * this many times the sort. Such a pace came out above the longer walk's in every measurement (the
 * statement's own time, the first rows read cold), so a wrong try costs one read a quarter more,
 * and its own time then decides the view's next reads.
 */
const TRY_WITHIN = 1.25

/**
 * The fewest rows a walk that ran out must have examined for its time to give a walk's pace: a
 * shorter one's time is mostly the statement's own round trip.
 */
export const PACE_ROWS = 2_000

/**
 * A walk that ran out too short for its pace to decide (the statement's own time and its first,
 * cold rows weigh on a few thousand rows: 10M users, 7.5–11 µs a row over 2,000 against 4.4 over
 * 300,000) is taken again, once, over as many rows as PROBE_SHARE of the sort's time pays for at that pace
 * (up to PROBE_GROWTH times as many, and only if at least twice as many), while the walk past the
 * rows ahead is expected within PROBE_WITHIN of the sort's time.
 */
const PROBE_GROWTH = 10
const PROBE_SHARE = 0.1
const PROBE_WITHIN = 4

/** A sort this fast is not worth a longer walk's try. */
const SORT_WORTH_WALKING_MS = 20

/**
 * How far the view's next walk may go (the rows it may examine), or null to sort its matches,
 * from its earlier reads (`modelCap`: what the planner's estimates chose, for a view not yet read
 * both ways):
 * - both ways measured, the walk filling its page: the faster of the two;
 * - the walk ran out and the matches were sorted, slowly: a walk past the rows that lie ahead of
 *   the sorted page's first row (`rowsAhead` estimates them) and a page's worth beyond, when at
 *   the pace the short walk measured it costs at most a quarter more than the sort did; taken once,
 *   and not again if it runs out. A walk too short to give a pace is first taken again over
 *   PACE_ROWS, and one whose pace leaves the choice close, once more over as many rows as a tenth
 *   of the sort's time pays for.
 */
export async function learnedWalk(options: {
  /** The planner's choice, asked for only when the memory does not decide. */
  modelCap(): Promise<number | null>
  memory: WaysRead | undefined
  wanted: number
  rowsAhead(firstKeys: unknown[]): Promise<number>
}): Promise<number | null> {
  const { memory, wanted } = options
  const { walk, sorted } = memory ?? {}
  if (!walk || !sorted) return options.modelCap()
  if (walk.filled) return walk.ms <= sorted.ms ? walk.cap : null
  if (!sorted.firstKeys || sorted.ms < SORT_WORTH_WALKING_MS) return null
  if (walk.cap < PACE_ROWS) return PACE_ROWS
  const ahead = await options.rowsAhead(sorted.firstKeys)
  const cap = Math.ceil((ahead + wanted) * AHEAD_MARGIN) + wanted * 4
  if (cap <= walk.cap) return null
  const pace = walk.ms / walk.cap
  const expectedMs = (ahead + wanted) * pace
  if (expectedMs < sorted.ms * TRY_WITHIN) return cap
  const probe = Math.min(walk.cap * PROBE_GROWTH, Math.floor((sorted.ms * PROBE_SHARE) / pace))
  // Once only, from the walk over PACE_ROWS: the sort's time varies from read to read, and a
  // probe's pace judged against each would probe again and again.
  const worthProbing = walk.cap === PACE_ROWS && probe >= walk.cap * 2 && probe < ahead && expectedMs < sorted.ms * PROBE_WITHIN
  return worthProbing ? probe : null
}
