import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import type { SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import { z } from 'zod'
import { describePostgresUrl, parsePostgresUrl } from '../../shared/postgres-url'
import { lockEmbeddedDataDir } from './data-folder-lock'
import { connectDetectingPooler, driverOptionsFor, sessionPolicyFor, type PoolerMode } from './pooler'
import { preparing } from './preparing-client'
import { openReach, type Reach, type ReachSettings } from './reach'

/**
 * A Drizzle handle over either engine: services are written against this alone. Every read names
 * its tables and columns (list pages are hand-shaped statements), so no relational schema is
 * registered.
 */
export type RosterDb = PgDatabase<PgQueryResultHKT>
export type RosterTx = PgTransaction<PgQueryResultHKT>
export type Executor = RosterDb | RosterTx

/**
 * `directUrl`: the same database without the pooler in between (managed providers give both), for
 * what a transaction pooler cannot carry: the change listener's LISTEN.
 */
export type DatabaseTarget =
  | {
      kind: 'embedded'
      dataDir: string
      /** A PGlite data directory dump to start a new database from instead of initdb: tests' migrated template; the app never sets it. */
      loadDataDir?: Blob
    }
  | ({ kind: 'postgres'; url: string; directUrl?: string } & ReachSettings)

export interface Database {
  kind: DatabaseTarget['kind']
  /** Where the database is, for people: never a password. */
  label: string
  db: RosterDb
  /** The driver underneath, for what Drizzle does not do: COPY (bulk import). */
  driver: { kind: 'postgres'; sql: postgres.Sql; reach: Reach } | { kind: 'embedded'; pglite: PGlite }
  /** The connection pooler in between, if one was found (src/main/db/pooler.ts); null for PGlite. */
  pooler: PoolerMode | null
  /** Applies the migrations in `folder`, in one transaction on a connection of their own. */
  migrate(folder: string): Promise<void>
  close(): Promise<void>
}

/** Interactive app: no statement may hold a connection for long. */
export const STATEMENT_TIMEOUT_MS = 30_000

/**
 * How Roster's sessions have PostgreSQL plan their statements; the benchmarks' raw side plans the
 * same way (bench/support.ts).
 */
export const PLANNING_SETTINGS = {
  // A prepared statement with parameters is planned for the values it runs with: a generic
  // plan cannot see how selective a search term or an agency is, and may walk a million rows
  // in name order to find a rare one. Statements without parameters are still planned once.
  plan_cache_mode: 'force_custom_plan',
  // At most one parallel worker for a statement. PostgreSQL's two, on a server of two cores with
  // Roster beside it, made short reads slower (1M users, a first page of the 25,000 whose names
  // start with Ann: 110–730 ms with two workers, 39–54 with one or none), and a busy server has
  // them taken from others; one still helps a read of many matches (10M users, the 250,000 Anns:
  // 2.0 s with one worker, 2.5 s with two, 2.8 s with none). An export's cursor never runs in parallel.
  max_parallel_workers_per_gather: '1',
  // No JIT compilation: PostgreSQL compiles a statement whose plan costs over 100,000, most of
  // them from branches a page never runs (the rows of no agency after a walk of the agencies
  // that filled the page), and a page then waits for the compiler: 10M users, a role's users by
  // agency name, 4.3 ms → 19.5 ms, 25 ms of it JIT.
  jit: 'off',
} as const

/** The setting a connection is asked for, to tell whether a pooler passed the session's settings on (src/main/db/pooler.ts). */
export const PLAN_CACHE_PROBE = { name: 'plan_cache_mode', value: PLANNING_SETTINGS.plan_cache_mode }

/**
 * Opens `target`. `openedReach`: its TLS options and SSH tunnel, opened already (the connection
 * Test's, so its stages share one tunnel); the database takes it over and closes it with itself.
 */
export async function openDatabase(target: DatabaseTarget, openedReach?: Reach): Promise<Database> {
  if (target.kind === 'embedded') {
    // Taken before PGlite touches the folder and held until it is closed: a second process on the
    // same files would lose acknowledged writes.
    const lock = lockEmbeddedDataDir(target.dataDir)
    let client: PGlite
    try {
      client = await PGlite.create(target.dataDir, { extensions: { pg_trgm }, loadDataDir: target.loadDataDir })
    } catch (error) {
      lock?.release()
      throw error
    }
    const db = drizzlePglite({ client })
    return {
      kind: 'embedded',
      label: 'Embedded database',
      db,
      driver: { kind: 'embedded', pglite: client },
      pooler: null,
      migrate: (folder) => migratePglite(db, { migrationsFolder: folder }),
      close: () => client.close().finally(() => lock?.release()),
    }
  }
  const options = parsePostgresUrl(target.url)
  // TLS certificates and the SSH tunnel; the tunnel is open before the pool asks for a connection.
  const reach = openedReach ?? (await openReach(target, options))
  const settings: Record<string, string> = {
    statement_timeout: String(STATEMENT_TIMEOUT_MS),
    // Timestamps then print in the one form a page's rows are cut from without parsing
    // (src/main/db/iso-timestamps.ts): ISO whatever the server's default, at offset +00.
    TimeZone: 'UTC',
    DateStyle: 'ISO',
    ...PLANNING_SETTINGS,
    ...reach.sessionSettings,
  }
  // Startup parameters straight to the server; through a pooler, which refuses them, applied per
  // transaction instead, with unnamed statements (src/main/db/pooler.ts).
  const connect = (pooler: PoolerMode | null, max = options.max) =>
    postgres(options.url, {
      max,
      connect_timeout: options.connectTimeoutSeconds,
      ...reach.driver,
      idle_timeout: 60,
      onnotice: () => {},
      ...driverOptionsFor(pooler, { application_name: 'Roster', ...settings }),
    })
  let opened: Awaited<ReturnType<typeof connectDetectingPooler>>
  try {
    opened = await connectDetectingPooler(connect, options.declaredPooler, PLAN_CACHE_PROBE)
  } catch (error) {
    await reach.close()
    throw error
  }
  const { client, pooler } = opened
  return {
    kind: 'postgres',
    label: describePostgresUrl(target.url),
    db: drizzlePostgres({ client: preparing(client, sessionPolicyFor(pooler, settings)) }),
    driver: { kind: 'postgres', sql: client, reach },
    pooler,
    async migrate(folder) {
      // Building an index on a large table may take longer than an interactive statement may.
      const migratorSettings = { ...settings, statement_timeout: '0' }
      const migrator = postgres(options.url, {
        max: 1,
        connect_timeout: options.connectTimeoutSeconds,
        ...reach.driver,
        onnotice: () => {},
        ...driverOptionsFor(pooler, { application_name: 'Roster migrations', ...migratorSettings }),
      })
      try {
        await migratePostgres(drizzlePostgres({ client: preparing(migrator, sessionPolicyFor(pooler, migratorSettings)) }), { migrationsFolder: folder })
      } finally {
        await migrator.end({ timeout: 5 })
      }
    },
    close: () => client.end({ timeout: 5 }).finally(() => reach.close()),
  }
}

/** What `execute` returns: postgres.js a list of rows, PGlite `{ rows }`. */
const executeResult = z.union([z.array(z.unknown()), z.object({ rows: z.array(z.unknown()) }).transform((result) => result.rows)])

/**
 * Rows of a raw statement, whichever driver ran it, checked against `row` (a raw statement's
 * columns are not known to Drizzle). For reads off the list hot path: each row is parsed.
 */
export async function queryRows<Row extends z.ZodType>(db: Executor, row: Row, query: SQL): Promise<z.output<Row>[]> {
  return z.array(row).parse(executeResult.parse(await db.execute(query)))
}
