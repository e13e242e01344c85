import type { PGlite } from '@electric-sql/pglite'
import type { SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import type postgres from 'postgres'
import type { Database } from './client'

/**
 * Reads a select's rows, `batchRows` at a time as arrays of column values, handing each batch to
 * `each` and fetching the next only once `each` has settled: the result is never held whole, and
 * a slow consumer slows the reading. A rejection from `each` stops the read and is rethrown.
 */
export type RowBatches = (query: SQL, batchRows: number, each: (rows: unknown[][]) => Promise<void>) => Promise<void>

const dialect = new PgDialect()

/** The batch size goes into the SQL of PGlite's FETCH, so it must be a plain positive integer. */
function checkedBatch(batchRows: number): number {
  if (!Number.isSafeInteger(batchRows) || batchRows < 1) throw new Error(`Not a batch size: ${batchRows}`)
  return batchRows
}

/**
 * postgres.js: a cursor over one statement in a read-only transaction of its own. The app's
 * statement_timeout (meant for interactive reads) is lifted for it alone: a long export is cancelled
 * by its consumer instead.
 */
function postgresRowBatches(client: postgres.Sql): RowBatches {
  return async (query, batchRows, each) => {
    const { sql: text, params } = dialect.sqlToQuery(query)
    const size = checkedBatch(batchRows)
    await client.begin('read only', async (tx) => {
      await tx.unsafe('set local statement_timeout = 0')
      // `values()`: each row an array, without building an object per row.
      for await (const rows of tx.unsafe(text, params as postgres.ParameterOrJSON<never>[]).values().cursor(size)) {
        await each(rows)
      }
    })
  }
}

/**
 * PGlite 0.5 has no cursor API of its own, so an SQL cursor in a transaction: PGlite serves one
 * caller at a time, and its transaction keeps the app's other queries out until the read ends.
 */
function pgliteRowBatches(client: PGlite): RowBatches {
  return async (query, batchRows, each) => {
    const { sql: text, params } = dialect.sqlToQuery(query)
    const size = checkedBatch(batchRows)
    await client.transaction(async (tx) => {
      await tx.query('set transaction read only')
      await tx.query(`declare roster_rows no scroll cursor for ${text}`, params)
      for (;;) {
        const { rows } = await tx.query<unknown[]>(`fetch forward ${size} from roster_rows`, [], { rowMode: 'array' })
        if (rows.length === 0) return
        await each(rows)
      }
    })
  }
}

/** The way to read a select in batches on the database's own driver. */
export const rowBatchesOf = (driver: Database['driver']): RowBatches =>
  driver.kind === 'postgres' ? postgresRowBatches(driver.sql) : pgliteRowBatches(driver.pglite)
