import type postgres from 'postgres'
import { inlineValues } from './inline-values'
import { cancelQuery, QueryScope } from './query-scope'

declare module 'postgres' {
  interface UnsafeQueryOptions {
    /**
     * Read by postgres.js's `unsafe` but missing from its types: `false` sends the query by the
     * extended protocol even without parameters (the default then is the simple protocol).
     */
    simple?: boolean | undefined
  }
}

type Unsafe = postgres.Sql['unsafe']
type TransactionBody<T> = (sql: postgres.TransactionSql) => T | Promise<T>
/** `begin`'s and `savepoint`'s arguments: the body, optionally after transaction options or a savepoint name. */
type ScopeArgs<T> = [TransactionBody<T>] | [string, TransactionBody<T>]

/**
 * What a client does for the settings its sessions could not be given at login (behind a pooler,
 * src/main/db/pooler.ts): empty and null straight to the server, where they are startup parameters.
 */
export interface SessionPolicy {
  /** Set first in every transaction, for it alone (SET LOCAL), by name. */
  transactionSettings: Record<string, string>
  /** Statements outside a transaction are cancelled by the client after this long. */
  clientTimeoutMs: number | null
}

const DIRECT: SessionPolicy = { transactionSettings: {}, clientTimeoutMs: null }

/**
 * Cancels `query` once `ms` have passed since it was sent, unless it is answered before: the
 * statement timeout of a statement no session setting reaches. Only a weak reference is held, so
 * an answered query (and its rows) is not kept alive for the timeout's length.
 */
function cancelAfter(query: PromiseLike<unknown>, ms: number): void {
  const held = new WeakRef(query)
  const check = () => {
    const pending = held.deref()
    // Still waiting for a connection: looked at again a timeout later (the server, too, counts from the start).
    if (pending && cancelQuery(pending) === false) setTimeout(check, ms).unref()
  }
  setTimeout(check, ms).unref()
}

function preparingUnsafe(unsafe: Unsafe, timeoutMs: number | null): Unsafe {
  return <T extends unknown[]>(query: string, parameters?: Parameters<Unsafe>[1], options?: postgres.UnsafeQueryOptions) => {
    // A statement to prepare gets its values written in, so its plan is kept (inline-values.ts).
    const inlined = options?.prepare && parameters?.length ? inlineValues(query, parameters) : null
    const pending = inlined
      ? unsafe<T>(inlined, [], { ...options, simple: false })
      : unsafe<T>(query, parameters, options?.prepare ? { ...options, simple: false } : options)
    QueryScope.note(pending)
    if (timeoutMs !== null) cancelAfter(pending, timeoutMs)
    return pending
  }
}

/** `set_config(name, value, true)` for each setting: SET LOCAL, with the values as parameters. */
function localSettingsStatement(settings: Record<string, string>): [string, string[]] | null {
  const entries = Object.entries(settings)
  if (entries.length === 0) return null
  const calls = entries.map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`)
  return [`select ${calls.join(', ')}`, entries.flat()]
}

/** Runs a transaction's or savepoint's body with a preparing `sql` of its own (postgres.js makes one per scope). */
function preparingBody<T>(body: TransactionBody<T>, settings: [string, string[]] | null = null): TransactionBody<T> {
  return async (sql) => {
    if (settings) await sql.unsafe(...settings)
    return body(preparingTransaction(sql))
  }
}

function preparingTransaction(sql: postgres.TransactionSql): postgres.TransactionSql {
  const savepoint = sql.savepoint.bind(sql)
  sql.unsafe = preparingUnsafe(sql.unsafe.bind(sql), null)
  sql.savepoint = <T>(...args: ScopeArgs<T>) =>
    args.length === 1 ? savepoint(preparingBody(args[0])) : savepoint(args[0], preparingBody(args[1]))
  return sql
}

/**
 * postgres.js sends a query without parameters by the simple protocol, which cannot prepare it,
 * even when Drizzle asks for a prepared (named) statement: a parameterless page query would be
 * parsed and planned on every call. This makes `client` (which it returns) ask for the extended
 * protocol whenever preparing is asked for, in its transactions and savepoints too: the members
 * drizzle-orm/postgres-js runs queries through (`unsafe`, `begin`, `savepoint`) are replaced.
 * Every query is noted in the work's QueryScope, if any (so it can be cancelled), and `policy`
 * applies the settings a pooler kept from being startup parameters.
 */
export function preparing(client: postgres.Sql, policy: SessionPolicy = DIRECT): postgres.Sql {
  const begin = client.begin.bind(client)
  const settings = localSettingsStatement(policy.transactionSettings)
  client.unsafe = preparingUnsafe(client.unsafe.bind(client), policy.clientTimeoutMs)
  client.begin = <T>(...args: ScopeArgs<T>) =>
    args.length === 1 ? begin(preparingBody(args[0], settings)) : begin(args[0], preparingBody(args[1], settings))
  return client
}
