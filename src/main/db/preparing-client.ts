import type postgres from 'postgres'

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

function preparingUnsafe(unsafe: Unsafe): Unsafe {
  return <T extends unknown[]>(query: string, parameters?: Parameters<Unsafe>[1], options?: postgres.UnsafeQueryOptions) =>
    unsafe<T>(query, parameters, options?.prepare ? { ...options, simple: false } : options)
}

/** Runs a transaction's or savepoint's body with a preparing `sql` of its own (postgres.js makes one per scope). */
function preparingBody<T>(body: TransactionBody<T>): TransactionBody<T> {
  return (sql) => body(preparingTransaction(sql))
}

function preparingTransaction(sql: postgres.TransactionSql): postgres.TransactionSql {
  const savepoint = sql.savepoint.bind(sql)
  sql.unsafe = preparingUnsafe(sql.unsafe.bind(sql))
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
 */
export function preparing(client: postgres.Sql): postgres.Sql {
  const begin = client.begin.bind(client)
  client.unsafe = preparingUnsafe(client.unsafe.bind(client))
  client.begin = <T>(...args: ScopeArgs<T>) =>
    args.length === 1 ? begin(preparingBody(args[0])) : begin(args[0], preparingBody(args[1]))
  return client
}
