import { AsyncLocalStorage } from 'node:async_hooks'

/** A postgres.js query of any row type (only its cancelling is used here). */
type AnyQuery = PromiseLike<unknown>

/** What postgres.js keeps on a query and does not type: the function that cancels it, and the connection it went to. */
interface DriverQuery {
  canceller?: ((query: AnyQuery) => Promise<void>) | null
  /** The backend key of the connection it was sent on; null while it waits for one. */
  state?: object | null
  /** Running on the server now (not queued behind another statement, nor answered). */
  active?: boolean
}

/**
 * Cancels `query` the way postgres.js's `query.cancel()` does — one running gets a cancel request
 * on the key its connection was given at login (which a pooler maps to the server session the
 * query runs on), one already answered is left alone — but only once it has been sent, and with
 * the request's own failure (the server unreachable) handled. A query still waiting for a
 * connection is left to wait: postgres.js would drop it, but the connection it is then handed to
 * is filed as busy with nothing to finish, and lost to the pool. Returns false when it was not
 * sent, else a promise settled once a request for a running statement has been delivered (the
 * server has signalled its process).
 */
export function cancelQuery(query: AnyQuery): Promise<void> | false {
  const driverQuery = query as unknown as DriverQuery
  if (!driverQuery.state) return false
  const canceller = driverQuery.canceller
  if (!canceller) return Promise.resolve()
  driverQuery.canceller = null
  const sent = canceller(query).catch(() => {})
  // Only a statement running now is sent a request at once: postgres.js settles the promise for
  // one queued behind another when it starts, and for one already answered never.
  return driverQuery.active ? sent : Promise.resolve()
}

/**
 * A cancel request travels on a connection of its own and may reach the server after the statement
 * it was for has ended: given back to the pool, the statement's connection would carry it onto
 * whatever query runs there next (another window's page, a save). So whoever holds that connection
 * keeps it until the request has been `delivered`, then runs `statement` on it until one runs
 * uncancelled (at most twice): the signal, sent before them, is taken by one of them or dropped by
 * the idle server process, never by a stranger.
 */
export async function absorbLateCancel(delivered: Promise<unknown>, statement: () => PromiseLike<unknown>): Promise<void> {
  await delivered.catch(() => {})
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await statement()
      return
    } catch {
      // The cancel landed on it (or the transaction had failed already): one more, or done.
    }
  }
}

const scopes = new AsyncLocalStorage<QueryScope>()

/**
 * The statements some work sends, so they can be cancelled together: every query the database
 * client creates while `run`'s work is under way (in its transaction too) is noted here.
 */
export class QueryScope {
  readonly #queries = new Set<AnyQuery>()
  readonly #cancels: Promise<void>[] = []

  run<T>(work: () => Promise<T>): Promise<T> {
    return scopes.run(this, work)
  }

  /** Cancels every statement of the work that was sent; one still waiting for a connection runs into the work's own check. */
  cancel(): void {
    for (const query of this.#queries) {
      const sent = cancelQuery(query)
      if (sent) this.#cancels.push(sent)
    }
  }

  /** Resolves once every cancel request sent for the work's statements has been delivered. */
  async cancelsDelivered(): Promise<void> {
    await Promise.all(this.#cancels)
  }

  static note(query: AnyQuery): void {
    const scope = scopes.getStore()
    if (scope) scope.#queries.add(query)
  }
}
