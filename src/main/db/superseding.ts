import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { ApiFailure } from '../api-failure'
import { queryRows, type Database, type RosterDb } from './client'

/** Long enough for an exact count of millions of rows, short enough that nothing lingers. */
export const BACKGROUND_STATEMENT_TIMEOUT_MS = 20_000

interface Running {
  pid: number | null
  superseded: boolean
}

const runningByDatabase = new WeakMap<Database, Map<string, Running>>()

/**
 * Runs `work` under the name `key`: a newer call with the same key cancels this one's statement
 * on the server (pg_cancel_backend) and this call fails as `cancelled`. The work runs in its own
 * transaction with a statement timeout. PGlite runs queries in-process, one at a time, and cannot
 * cancel one midway: there the newer call simply waits its turn.
 */
export async function runSuperseding<T>(
  database: Database,
  key: string | undefined,
  work: (db: RosterDb) => Promise<T>,
  timeoutMs = BACKGROUND_STATEMENT_TIMEOUT_MS,
): Promise<T> {
  if (!key || database.kind === 'embedded') return work(database.db)
  let running = runningByDatabase.get(database)
  if (!running) runningByDatabase.set(database, (running = new Map()))

  const previous = running.get(key)
  if (previous) {
    previous.superseded = true
    if (previous.pid !== null) await database.db.execute(sql`select pg_cancel_backend(${previous.pid})`).catch(() => {})
  }
  const mine: Running = { pid: null, superseded: false }
  running.set(key, mine)
  try {
    return await database.db.transaction(async (tx) => {
      const [row] = await queryRows(
        tx,
        z.object({ pid: z.number() }),
        sql`select pg_backend_pid() as pid, set_config('statement_timeout', ${String(timeoutMs)}, true)`,
      )
      mine.pid = row?.pid ?? null
      if (mine.superseded) throw new ApiFailure('cancelled', 'A newer request replaced this one.')
      return work(tx)
    })
  } catch (error) {
    if (mine.superseded) throw new ApiFailure('cancelled', 'A newer request replaced this one.')
    throw error
  } finally {
    if (running.get(key) === mine) running.delete(key)
  }
}
