import { randomUUID } from 'node:crypto'
import type postgres from 'postgres'
import type { SessionPolicy } from './preparing-client'

/**
 * How a connection pooler in front of the server hands out server sessions. `session`: one per
 * client connection, for as long as it lasts (only the startup parameters differ from a direct
 * connection). `transaction`: a server session per transaction, another one for the next (PgBouncer
 * in `pool_mode = transaction`, the pooled endpoints of Supabase, Neon, Heroku): nothing set on a
 * session outlives its transaction, and nothing else may be kept there either.
 */
export type PoolerMode = 'session' | 'transaction'

/**
 * Startup parameters a pooler passes on to each server session it lends out (PgBouncer tracks
 * these for every client and sets them on the server it links it to). It refuses any other.
 */
const POOLER_STARTUP_PARAMETERS = new Set(['application_name', 'TimeZone', 'client_encoding', 'DateStyle'])

/** A postgres.js client for `pooler`'s way of working (null: straight to the server). */
export type Connect = (pooler: PoolerMode | null, max?: number) => postgres.Sql

/** postgres.js options for `settings` (startup parameters, by name) through `pooler`. */
export function driverOptionsFor(pooler: PoolerMode | null, settings: Record<string, string>): Pick<postgres.Options<never>, 'connection' | 'prepare'> {
  if (pooler === null) return { connection: settings }
  return {
    connection: Object.fromEntries(Object.entries(settings).filter(([name]) => POOLER_STARTUP_PARAMETERS.has(name))),
    // A named statement lives on one server session: the next transaction may run on another.
    // Unnamed ones are planned for their values every time, which is what plan_cache_mode asks for.
    prepare: false,
  }
}

/**
 * What a client must do itself when the settings cannot be startup parameters: apply them in each
 * transaction (SET LOCAL), and time out the statements run outside one itself, since no session
 * setting reaches them (the statement's server session is lent per statement).
 */
export function sessionPolicyFor(pooler: PoolerMode | null, settings: Record<string, string>): SessionPolicy {
  if (pooler === null) return { transactionSettings: {}, clientTimeoutMs: null }
  const transactionSettings = Object.fromEntries(
    Object.entries(settings)
      .filter(([name]) => !POOLER_STARTUP_PARAMETERS.has(name))
      // Set inside a transaction, the session default would only reach the next one: the
      // transaction's own setting makes this one read-only.
      .map(([name, value]) => (name === 'default_transaction_read_only' ? ['transaction_read_only', value] : [name, value])),
  )
  const timeout = Number(settings.statement_timeout ?? 0)
  return { transactionSettings, clientTimeoutMs: timeout > 0 ? timeout : null }
}

/** PgBouncer's refusal of a startup parameter it does not pass on ("unsupported startup parameter: statement_timeout"). */
export function isStartupParameterRefusal(error: unknown): boolean {
  return error instanceof Error && /unsupported startup parameter/i.test(error.message)
}

/** The custom setting the mode probe writes on a server session and reads back. */
const PROBE_SETTING = 'roster.pooler_probe'
const PROBE_ROUNDS = 3

/**
 * Which way a pooler lends out server sessions, found by what it does rather than by asking it
 * (its SHOW commands answer only on its admin console). A client sets a session setting and
 * disconnects; a second client connects. When both ran on the same server session (the pooler
 * reuses the most recently released one), a transaction pooler hands over the setting as it was,
 * while a session pooler has reset it (PgBouncer's `server_reset_query`, DISCARD ALL). When another
 * client took that session in between, the round tells nothing and is run again; a pooler never
 * caught either way is taken for a transaction pooler, the way that is safe with both.
 */
export async function poolerModeOf(connect: Connect): Promise<PoolerMode> {
  for (let round = 0; round < PROBE_ROUNDS; round++) {
    const token = randomUUID()
    const first = connect('transaction', 1)
    let setOn: number
    try {
      const [row] = await first<{ pid: number }[]>`select pg_backend_pid() as pid, set_config(${PROBE_SETTING}, ${token}, false)`
      setOn = row!.pid
    } finally {
      await first.end({ timeout: 5 })
    }
    const second = connect('transaction', 1)
    try {
      // Cleared as it is read, so the probe leaves nothing on the session for the next client.
      const [row] = await second<{ pid: number; seen: string | null }[]>`
        select pg_backend_pid() as pid, current_setting(${PROBE_SETTING}, true) as seen, set_config(${PROBE_SETTING}, '', false)`
      if (row!.pid === setOn) return row!.seen === token ? 'transaction' : 'session'
    } finally {
      await second.end({ timeout: 5 })
    }
  }
  return 'transaction'
}

/**
 * Connects as directly to the server, unless the URL said there is a transaction pooler
 * (`?pgbouncer=true`); when the first statement shows a pooler in between — it refused the
 * session settings as startup parameters, or took them and dropped them — connects again its way.
 * `sentinel` is one of the settings, by name and value, read back to see that they arrived.
 */
export async function connectDetectingPooler(
  connect: Connect,
  declared: PoolerMode | null,
  sentinel: { name: string; value: string },
): Promise<{ client: postgres.Sql; pooler: PoolerMode | null }> {
  if (declared !== null) return { client: await checked(connect(declared)), pooler: declared }
  const direct = connect(null)
  try {
    const [row] = await direct<{ value: string }[]>`select current_setting(${sentinel.name}) as value`
    if (row!.value === sentinel.value) return { client: direct, pooler: null }
  } catch (error) {
    if (!isStartupParameterRefusal(error)) {
      await direct.end({ timeout: 0 }).catch(() => {})
      throw error
    }
  }
  await direct.end({ timeout: 0 }).catch(() => {})
  const pooler = await poolerModeOf(connect)
  return { client: await checked(connect(pooler)), pooler }
}

/** The client, once a first statement has gone through it; closed when it fails. */
async function checked(client: postgres.Sql): Promise<postgres.Sql> {
  try {
    await client`select 1`
    return client
  } catch (error) {
    await client.end({ timeout: 0 }).catch(() => {})
    throw error
  }
}
