import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import type { Writable } from 'node:stream'
import { sql, TransactionRollbackError } from 'drizzle-orm'
import { PgDatabase, PgDialect } from 'drizzle-orm/pg-core'
import { PostgresJsSession } from 'drizzle-orm/postgres-js/session'
import { z } from 'zod'
import { queryRows, type Database, type Executor } from '../db/client'
import { absorbLateCancel } from '../db/query-scope'
import { rowsWritten } from '../services/per-database'
import { ByteChunks } from './byte-chunks'

/** How long one statement of an import may run: a large file's INSERT … SELECT is not an interactive read. */
const IMPORT_STATEMENT_TIMEOUT_MS = 10 * 60_000
/** Rows per INSERT on PGlite, which has no COPY FROM STDIN through its driver. */
const PGLITE_BATCH_ROWS = 2_000
/**
 * Bytes gathered before they are written to COPY. Each chunk is awaited until the socket takes it: with
 * 256 KiB chunks the server's COPY ran 9–13 % longer than a raw COPY of the same rows (100,000
 * users and their 200,000 roles, 1M-user database, medians of 6); with 1 MiB, 2–3 % (noise).
 */
const COPY_CHUNK_BYTES = 1024 * 1024

export type StagedValue = string | number | boolean | null
export type StagingType = 'int' | 'text' | 'jsonb' | 'boolean' | 'uuid' | 'timestamptz'

/** A column of the staging table: its name and type; values are given in this order. */
export interface StagingColumn {
  name: string
  type: StagingType
}

/** Fills the staging table row by row, streaming: COPY on PostgreSQL, multi-row inserts on PGlite. */
export interface StagingLoader {
  /**
   * Buffers a row; a promise only when the buffer was sent on, to await before the next row (so
   * 100,000 rows make a few dozen promises, not 100,000).
   */
  write(values: StagedValue[]): Promise<void> | undefined
  end(): Promise<void>
}

export interface ImportTransaction {
  tx: Executor
  /**
   * Stops the statement running now (PostgreSQL: pg_cancel_backend on the transaction's own server
   * process, and never once the transaction is over, when the connection may serve someone else).
   * PGlite runs one statement at a time in-process and cannot stop one midway.
   */
  cancelStatement(): Promise<void>
  /**
   * Creates the staging table `import_rows` (dropped at the transaction's end) with `columns`, plus
   * `target_id`/`read_at` (the saved row it updates, as read), and returns its loader.
   */
  stage(columns: StagingColumn[]): Promise<StagingLoader>
  /**
   * COPY FROM STDIN straight into one of Roster's tables, on the transaction's connection; null on
   * PGlite, whose driver has no COPY FROM STDIN. One COPY at a time: end one before the next.
   */
  copyInto: ((table: string, columns: string[]) => Promise<StagingLoader>) | null
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }
const NEEDS_ESCAPE = /[\\\n\r\t]/

/** COPY's text format: backslash escapes, `\N` for null. Most values need none: tested before replacing. */
const copyText = (value: StagedValue): string => {
  if (value === null) return '\\N'
  if (typeof value !== 'string') return String(value)
  return NEEDS_ESCAPE.test(value) ? value.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!) : value
}

function copyLoader(stream: Writable): StagingLoader {
  const chunks = new ByteChunks(COPY_CHUNK_BYTES)
  // The server may refuse the rows midway (a unique key taken): thrown by the next write or the
  // end, never left as an 'error' event nobody listens to.
  let refused: unknown = null
  stream.on('error', (error) => (refused ??= error))
  const send = async (chunk: Buffer | undefined) => {
    if (refused) throw refused
    if (chunk && !stream.write(chunk)) await once(stream, 'drain')
  }
  return {
    write(values) {
      const full = chunks.push(values.map(copyText).join('\t') + '\n')
      return full ? send(full) : undefined
    },
    async end() {
      await send(chunks.take())
      stream.end()
      await finished(stream)
    },
  }
}

function batchLoader(tx: Executor, columns: StagingColumn[]): StagingLoader {
  let batch: StagedValue[][] = []
  const names = sql.join(columns.map((c) => sql.identifier(c.name)), sql`, `)
  const picks = sql.join(
    columns.map((c, i) => (c.type === 'jsonb' ? sql`(r->${sql.raw(String(i))})` : sql`(r->>${sql.raw(String(i))})::${sql.raw(c.type)}`)),
    sql`, `,
  )
  const flush = async () => {
    if (batch.length === 0) return
    const rows = JSON.stringify(batch.map((values) => values.map((v, i) => (columns[i]!.type === 'jsonb' && typeof v === 'string' ? JSON.parse(v) : v))))
    batch = []
    await tx.execute(sql`insert into import_rows (${names}) select ${picks} from jsonb_array_elements(${rows}::jsonb) as r`)
  }
  return {
    write(values) {
      batch.push(values)
      return batch.length >= PGLITE_BATCH_ROWS ? flush() : undefined
    },
    end: flush,
  }
}

const createStaging = (tx: Executor, columns: StagingColumn[]) =>
  tx.execute(
    sql`create temp table import_rows (${sql.join(
      columns.map((c) => sql`${sql.identifier(c.name)} ${sql.raw(c.type)}`),
      sql`, `,
    )}, target_id uuid, read_at timestamptz) on commit drop`,
  )

/**
 * Runs `work` in ONE transaction, with a staging table for the file's rows when it asks for one
 * (`stage`), so every check and write is a set-based statement over all of them (INSERT … SELECT,
 * UPDATE … FROM), never a round trip per row. On PostgreSQL the rows stream in by COPY FROM STDIN
 * on the transaction's own connection.
 */
export async function importTransaction<T>(
  database: Database,
  work: (transaction: ImportTransaction) => Promise<T>,
  { commit }: { commit: boolean },
): Promise<T> {
  // plan_cache_mode back to auto for the import alone: the foreign-key checks of its INSERT … SELECT
  // run one cached statement per row (two per user_roles row), and Roster's force_custom_plan
  // would plan each again every time — 100,000 users and 200,000 roles took 3× as long.
  const setup = sql`select pg_backend_pid() as pid, set_config('statement_timeout', ${String(IMPORT_STATEMENT_TIMEOUT_MS)}, true),
    set_config('plan_cache_mode', 'auto', true)`
  const pidRow = z.object({ pid: z.number() })
  const { driver } = database
  if (driver.kind === 'postgres') {
    // One connection of the pool, held for the whole import: the transaction, its statements and
    // its COPY all run on it (a Drizzle handle over it runs the statements).
    const connection = await driver.sql.reserve()
    let open = true
    let cancelling: Promise<unknown> | null = null
    const copy: { stream: Writable | null } = { stream: null }
    const copyIn = async (table: string, columns: string[]) => {
      const names = columns.map((name) => `"${name}"`).join(', ')
      copy.stream = await connection.unsafe(`copy "${table}" (${names}) from stdin`).writable()
      return copyLoader(copy.stream)
    }
    try {
      await connection.unsafe('begin')
      // Built as drizzle() builds its handle, minus the parser setup it would do on the client's
      // options: a reserved connection has none, and the pool's were set when the database opened.
      const dialect = new PgDialect()
      const tx = new PgDatabase(dialect, new PostgresJsSession(connection, dialect, undefined), undefined)
      const [row] = await queryRows(tx, pidRow, setup)
      const pid = row?.pid
      const result = await work({
        tx,
        cancelStatement: async () => {
          if (!open || pid === undefined) return
          // Started once here: Drizzle's query runs again on every `then`, and a second signal sent
          // later than the one awaited below could land after the connection went back to the pool.
          cancelling = database.db.execute(sql`select pg_cancel_backend(${pid})`).then(() => {})
          await cancelling
        },
        async stage(columns) {
          await createStaging(tx, columns)
          return copyIn('import_rows', columns.map((c) => c.name))
        },
        copyInto: copyIn,
      })
      await connection.unsafe(commit ? 'commit' : 'rollback')
      if (commit) rowsWritten(database.db)
      return result
    } catch (error) {
      // A COPY still open is failed first (postgres.js sends CopyFail), or the connection stays in it.
      if (copy.stream && !copy.stream.writableFinished) {
        copy.stream.destroy(new Error('The import stopped'))
        await finished(copy.stream).catch(() => {})
      }
      await connection.unsafe('rollback').catch(() => {})
      throw error
    } finally {
      open = false
      // A rollback, so one the cancel lands on leaves no transaction open either.
      if (cancelling) await absorbLateCancel(cancelling, () => connection.unsafe('rollback'))
      connection.release()
    }
  }
  // Filled inside the transaction; read after it, whether it committed or rolled back.
  const results: T[] = []
  try {
    await database.db.transaction(async (tx) => {
      await queryRows(tx, pidRow, setup)
      results.push(
        await work({
          tx,
          cancelStatement: async () => {},
          async stage(columns) {
            await createStaging(tx, columns)
            return batchLoader(tx, columns)
          },
          copyInto: null,
        }),
      )
      // A check writes nothing: its staging table goes with the rollback.
      if (!commit) tx.rollback()
    })
  } catch (error) {
    if (!(error instanceof TransactionRollbackError)) throw error
  }
  if (commit) rowsWritten(database.db)
  if (results.length === 0) throw new Error('The import transaction ended without a result')
  return results[0]!
}
