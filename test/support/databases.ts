import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, inject } from 'vitest'
import { openDatabase, type Database } from '../../src/main/db/client'
import { applyMigrations } from '../../src/main/db/migrations'
import { startTcpProxy, type TcpProxy } from '../fixtures/tcp-proxy'

export const MIGRATIONS = resolve(import.meta.dirname, '../../drizzle')
export const ADMIN_URL = process.env.ROSTER_TEST_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export type Engine = 'postgres' | 'pglite'
/** Both, unless a suite rerun through a pooler asks for PostgreSQL alone (test/integration/pooler). */
export const engines: Engine[] = process.env.ROSTER_TEST_ENGINES === 'postgres' ? ['postgres'] : ['postgres', 'pglite']

/**
 * Where the app under test reaches a test database: the server itself, or the pooler in front of
 * it whose address ROSTER_TEST_POOLER_URL gives (test/support/pgbouncer.ts). Checks made behind
 * the app's back keep the direct URL.
 */
export function appUrlFor(directUrl: string): string {
  const pooler = process.env.ROSTER_TEST_POOLER_URL
  if (!pooler) return directUrl
  const url = new URL(directUrl)
  url.host = new URL(pooler).host
  return url.toString()
}

/** The URL of the same server with another database name. */
export const urlFor = (database: string) => {
  const url = new URL(ADMIN_URL)
  url.pathname = `/${database}`
  return url.toString()
}

/** A new, empty database on the real PostgreSQL server, dropped by `drop()`; `options` as CREATE DATABASE takes them. */
export async function createPostgresDatabase(prefix = 'roster_test', options = ''): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
  try {
    await admin.unsafe(`create database "${name}" ${options}`)
  } finally {
    await admin.end()
  }
  return {
    name,
    url: urlFor(name),
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`)
      } finally {
        await a.end()
      }
    },
  }
}

export interface TestDatabase {
  engine: Engine
  database: Database
  /** The URL of the PostgreSQL database (postgres engine only), for checks made behind the app's back. */
  url?: string
  cleanup(): Promise<void>
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The file holding the run's migrated PGlite data directory (`dumpDataDir('none')`), from test/support/pglite-template.ts. */
    pgliteTemplate: string
  }
}

let template: Blob | undefined
/** The run's migrated PGlite data directory (test/support/pglite-template.ts), for `loadDataDir`. */
export const migratedTemplate = () => (template ??= new Blob([readFileSync(inject('pgliteTemplate'))]))

/** A migrated database on the given engine: a fresh PostgreSQL database, or an in-memory PGlite. */
export async function openMigrated(engine: Engine): Promise<TestDatabase> {
  if (engine === 'pglite') {
    // The run's migrated template (test/support/pglite-template.ts): ~0.3 s, where initdb and the migrations take ~2 s.
    const database = await openDatabase({ kind: 'embedded', dataDir: 'memory://', loadDataDir: migratedTemplate() })
    return { engine, database, cleanup: () => database.close() }
  }
  const created = await createPostgresDatabase()
  const database = await openDatabase({ kind: 'postgres', url: appUrlFor(created.url) })
  await applyMigrations(database, MIGRATIONS)
  return {
    engine,
    database,
    url: created.url,
    async cleanup() {
      await database.close()
      await created.drop()
    },
  }
}

/**
 * For the tests of one describe block: a migrated database on `engine`, seeded once before them
 * (`seed` is given its Drizzle handle) and closed after them. Gives the handle.
 */
export function seededDatabaseFor(engine: Engine, seed: (db: Database['db']) => Promise<unknown>): () => Database['db'] {
  let opened: TestDatabase | undefined
  beforeAll(async () => {
    opened = await openMigrated(engine)
    await seed(opened.database.db)
  }, 120_000)
  afterAll(() => opened?.cleanup())
  return () => opened!.database.db
}

/**
 * The PostgreSQL database at `url`, opened through a TCP proxy of its own
 * (test/fixtures/tcp-proxy.ts), so a test can slow or hold its connections.
 */
export async function openThroughProxy(url: string): Promise<{ proxy: TcpProxy; database: Database; close(): Promise<void> }> {
  const target = new URL(url)
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
  target.port = String(proxy.port)
  const database = await openDatabase({ kind: 'postgres', url: target.toString() })
  return {
    proxy,
    database,
    async close() {
      await database.close()
      await proxy.stop()
    },
  }
}
