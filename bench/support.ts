import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { createApi, type Dispatcher } from '../src/main/api'
import { openDatabase, PLAN_CACHE_PROBE, PLANNING_SETTINGS } from '../src/main/db/client'
import { connectDetectingPooler, driverOptionsFor, type Connect } from '../src/main/db/pooler'
import { applyMigrations } from '../src/main/db/migrations'
import { DatabaseSession } from '../src/main/session'
import { parsePostgresUrl } from '../src/shared/postgres-url'
import { connectionHandlersFor, temporaryDataDir } from '../test/support/connections'
import { MIGRATIONS } from '../test/support/databases'

export const DEFAULT_BENCH_URL = 'postgres://postgres@127.0.0.1:5432/roster_bench'

/** `--database <url>` (default roster_bench on the local server) plus the bench's own options. */
export function benchArgs<Options extends Record<string, { type: 'string'; default: string }>>(options: Options) {
  const { values } = parseArgs({
    options: { database: { type: 'string', default: process.env.ROSTER_BENCH_URL ?? DEFAULT_BENCH_URL }, ...options },
  })
  return values as unknown as { database: string } & { [K in keyof Options]: string }
}

/** Creates the database if it is missing, and applies Roster's migrations to it. */
export async function ensureBenchDatabase(url: string): Promise<void> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const sql = postgres(admin.toString(), { max: 1, onnotice: () => {} })
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`
    if (!exists) await sql.unsafe(`create database "${name.replace(/"/g, '""')}"`)
  } finally {
    await sql.end()
  }
  const database = await openDatabase({ kind: 'postgres', url })
  try {
    await applyMigrations(database, MIGRATIONS)
  } finally {
    await database.close()
  }
}

/**
 * Raw postgres.js on `url` with the app's session settings — the planning policy (no JIT) and
 * statement timeout — handed over as the app hands them: startup parameters straight to the server, and
 * through a pooler (found the same way, src/main/db/pooler.ts) unnamed statements without them,
 * so both sides of a ratio go through the same pooler the same way.
 */
export async function rawClient(url: string, max: number): Promise<postgres.Sql> {
  const options = parsePostgresUrl(url)
  const settings = { ...PLANNING_SETTINGS, statement_timeout: '30000' }
  const connect: Connect = (pooler, poolMax = max) =>
    postgres(options.url, { max: poolMax, ssl: options.ssl, onnotice: () => {}, ...driverOptionsFor(pooler, settings) })
  return (await connectDetectingPooler(connect, options.declaredPooler, PLAN_CACHE_PROBE)).client
}

/** The app's dispatcher over `url`, built as browser mode builds it. */
export async function openBenchApi(url: string): Promise<{ api: Dispatcher; close(): Promise<void> }> {
  const session = new DatabaseSession(MIGRATIONS)
  await session.open({ kind: 'postgres', url })
  const data = temporaryDataDir()
  const { handlers } = connectionHandlersFor(session, data.dir)
  return {
    api: createApi({ session, connections: handlers }),
    async close() {
      await session.close()
      data.remove()
    },
  }
}

export const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/**
 * Medians of two workloads run alternately, so load from elsewhere on the machine falls on both
 * alike (timing one after the other would let a busy moment skew one side only). `untilMs`: after
 * the `runs`, pairs go on until both sides have taken that long in all, up to `maxRuns`; a case of
 * a few milliseconds then gets enough samples that one busy moment does not decide its median.
 */
export async function timePair(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
  runs = 30,
  warmup = 5,
  { untilMs = 0, maxRuns = runs }: { untilMs?: number; maxRuns?: number } = {},
): Promise<[number, number]> {
  for (let i = 0; i < warmup; i++) {
    await first()
    await second()
  }
  const a: number[] = []
  const b: number[] = []
  const sum = (xs: number[]) => xs.reduce((total, x) => total + x, 0)
  for (let i = 0; i < runs || (i < maxRuns && Math.min(sum(a), sum(b)) < untilMs); i++) {
    let started = performance.now()
    await first()
    a.push(performance.now() - started)
    started = performance.now()
    await second()
    b.push(performance.now() - started)
  }
  return [median(a), median(b)]
}

export const ms = (n: number) => n.toFixed(2)
