import { sql } from 'drizzle-orm'
import { ApiFailure } from '../api-failure'
import type { Database, RosterDb } from './client'
import { absorbLateCancel, QueryScope } from './query-scope'
import { sharesMemoriesOf } from '../services/per-database'

/** Long enough for an exact count of millions of rows, short enough that nothing lingers. */
export const BACKGROUND_STATEMENT_TIMEOUT_MS = 20_000

interface Running {
  /** The statements of the call, cancelled when a newer one replaces it. */
  queries: QueryScope
  superseded: boolean
}

const runningByDatabase = new WeakMap<Database, Map<string, Running>>()

/**
 * Runs `work` under the name `key`: a newer call with the same key cancels this one's statement
 * and this call fails as `cancelled`. The cancel is postgres.js's own request for the statement it
 * sent, on the key its connection got at login — never a backend pid remembered from earlier,
 * which a pooler may by then have lent to someone else (a pooler forwards the request to the server
 * session the statement runs on). The work runs in its own transaction with a statement timeout.
 * PGlite runs queries in-process, one at a time, and cannot cancel one midway: there the newer
 * call simply waits its turn.
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
    previous.queries.cancel()
  }
  const mine: Running = { queries: new QueryScope(), superseded: false }
  running.set(key, mine)
  try {
    return await mine.queries.run(() =>
      database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('statement_timeout', ${String(timeoutMs)}, true)`)
        if (mine.superseded) throw new ApiFailure('cancelled', 'A newer request replaced this one.')
        // One transaction per call: what a call learns (estimates, sampled keys) must outlive it.
        sharesMemoriesOf(tx, database.db)
        try {
          return await work(tx)
        } finally {
          // Its result does not matter: the call fails as superseded, and the transaction rolls back.
          if (mine.superseded) await absorbLateCancel(mine.queries.cancelsDelivered(), () => tx.execute(sql`select 1`))
        }
      }),
    )
  } catch (error) {
    if (mine.superseded) throw new ApiFailure('cancelled', 'A newer request replaced this one.')
    throw error
  } finally {
    if (running.get(key) === mine) running.delete(key)
  }
}
