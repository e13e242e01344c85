import postgres from 'postgres'
import { parsePostgresUrl } from '../../shared/postgres-url'
import type { Database, DatabaseTarget } from '../db/client'
import { driverOptionsFor } from '../db/pooler'
import { CHANGES_CHANNEL } from './notice'

/** How the listening connection shows in pg_stat_activity (tests and admins find it by this). */
export const LISTENER_APPLICATION_NAME = 'Roster live updates'

export interface ListenerCallbacks {
  /** A payload on the changes channel, as sent. */
  notice(payload: string): void
  /**
   * live: listening (`resync` after a reconnect: notices sent meanwhile were missed);
   * reconnecting: the connection was lost, and why (a phrase the status bar puts after "Live updates off:");
   * unavailable: this connection cannot carry them, and why.
   */
  state(state: 'live' | 'reconnecting' | 'unavailable', message: string | null, resync: boolean): void
}

export interface ChangeListener {
  close(): Promise<void>
}

export interface ListenerRetry {
  initialMs: number
  maxMs: number
}

const DEFAULT_RETRY: ListenerRetry = { initialMs: 250, maxMs: 5_000 }

/** Why there are no change events through a transaction pooler without a direct URL (after "Live updates off: "). */
export const THROUGH_TRANSACTION_POOLER =
  'the pooler in between (transaction mode) cannot carry them. Give the connection its direct URL too (Advanced → Connection pooler, or --direct-database).'

/**
 * Where the listener connects: where the pool does, unless that is a transaction pooler, which
 * hands each transaction another server session and so would drop the LISTEN; then the direct
 * URL, if the connection has one. Either way with the database's own certificates and SSH tunnel.
 */
function listeningRoute(database: Database, target: Extract<DatabaseTarget, { kind: 'postgres' }>) {
  if (database.driver.kind !== 'postgres') return null
  if (database.pooler !== 'transaction') return { url: parsePostgresUrl(target.url), driver: database.driver.reach.driver, pooler: database.pooler }
  if (!target.directUrl) return null
  const url = parsePostgresUrl(target.directUrl)
  return { url, driver: database.driver.reach.driverFor(url), pooler: null }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Listens for change notices on the open database. PGlite delivers them in-process (one embedded
 * database has one Roster). On PostgreSQL the listener holds a connection of its own, outside the
 * pool; when it is lost (the backend terminated, the server restarted) the loss is reported at
 * once and LISTEN is retried with backoff until it is back, which is reported with `resync`.
 *
 * Not postgres.js's `sql.listen`: its connection re-listens by itself, but gives no sign that it
 * was lost, and a re-listen that fails (the server still down) is dropped silently, leaving the
 * listener deaf for good. Here the driver's own `onnotify`/`onclose` hooks (the ones `sql.listen`
 * uses inside) drive a loop whose every state is visible.
 */
export async function listenForChanges(
  database: Database,
  target: DatabaseTarget,
  callbacks: ListenerCallbacks,
  retry: ListenerRetry = DEFAULT_RETRY,
): Promise<ChangeListener> {
  if (database.driver.kind === 'embedded') {
    const unlisten = await database.driver.pglite.listen(CHANGES_CHANNEL, callbacks.notice)
    callbacks.state('live', null, false)
    return { close: unlisten }
  }
  if (target.kind !== 'postgres') throw new Error('A PostgreSQL database was opened for an embedded target')
  const route = listeningRoute(database, target)
  if (!route) {
    callbacks.state('unavailable', THROUGH_TRANSACTION_POOLER, false)
    return { close: async () => {} }
  }

  const { url } = route
  let closed = false
  let listening = false
  let timer: NodeJS.Timeout | null = null
  let delay = retry.initialMs

  // Built apart from the call: `onnotify` is the driver's hook that `sql.listen` itself uses,
  // missing from its published option types.
  const options = {
    max: 1,
    connect_timeout: url.connectTimeoutSeconds,
    ...route.driver,
    max_lifetime: null,
    fetch_types: false,
    onnotice: () => {},
    ...driverOptionsFor(route.pooler, { application_name: LISTENER_APPLICATION_NAME, ...database.driver.reach.sessionSettings }),
    onnotify: (channel: string, payload: string) => {
      if (channel === CHANGES_CHANNEL) callbacks.notice(payload)
    },
    onclose: () => {
      if (closed || !listening) return
      listening = false
      callbacks.state('reconnecting', 'the connection that carries them was lost; reconnecting…', false)
      schedule()
    },
  }
  const client = postgres(url.url, options)

  const listen = async (resync: boolean) => {
    timer = null
    try {
      await client.unsafe(`listen ${CHANGES_CHANNEL}`)
    } catch (error) {
      if (closed) return
      callbacks.state('reconnecting', `${reason(error)}; reconnecting…`, false)
      delay = Math.min(delay * 2, retry.maxMs)
      schedule()
      return
    }
    if (closed) return
    listening = true
    delay = retry.initialMs
    callbacks.state('live', null, resync)
  }
  const schedule = () => {
    if (closed || timer) return
    timer = setTimeout(() => void listen(true), delay)
  }

  await listen(false)
  return {
    close: async () => {
      closed = true
      if (timer) clearTimeout(timer)
      await client.end({ timeout: 1 })
    },
  }
}
