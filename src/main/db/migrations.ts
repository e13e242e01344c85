import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { getTableName, is, sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import { PgTable } from 'drizzle-orm/pg-core'
import { z } from 'zod'
import type { DatabaseStatus, SchemaStatus } from '../../shared/schemas/database'
import { ApiFailure } from '../api-failure'
import { queryRows, type Database, type RosterDb } from './client'

// Every table is declared in a module of ./schema, the folder drizzle-kit reads (drizzle.config.ts):
// found the same way, so a new table is its file alone.
const schemaModules = import.meta.glob<Record<string, unknown>>('./schema/*.ts', { eager: true })

/** The tables Roster owns, every table of its schema; finding one that Roster did not create is a conflict. */
export const rosterTables = Object.values(schemaModules)
  .flatMap((module) => Object.values(module))
  .filter((value) => is(value, PgTable))
  .map((table) => getTableName(table))

interface Migration {
  tag: string
  hash: string
  createdAt: number
}

export function readMigrations(folder: string): Migration[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: { tag: string; when: number }[]
  }
  const files = readMigrationFiles({ migrationsFolder: folder })
  return journal.entries.map((entry, i) => ({ tag: entry.tag, hash: files[i]!.hash, createdAt: entry.when }))
}

async function appliedMigrations(db: RosterDb): Promise<{ hash: string; createdAt: number }[]> {
  const [{ exists } = { exists: false }] = await queryRows(
    db,
    z.object({ exists: z.boolean() }),
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`,
  )
  if (!exists) return []
  const rows = await queryRows(
    db,
    // A bigint: text from postgres.js, a number from PGlite.
    z.object({ hash: z.string(), created_at: z.coerce.number() }),
    sql`select hash, created_at from drizzle.__drizzle_migrations order by created_at`,
  )
  return rows.map((r) => ({ hash: r.hash, createdAt: r.created_at }))
}

/** What Roster would have to do to this database's schema; reads only. */
export async function inspectSchema(db: RosterDb, folder: string): Promise<SchemaStatus> {
  const migrations = readMigrations(folder)
  const applied = await appliedMigrations(db)
  const existing = (
    await queryRows(
      db,
      z.object({ name: z.string() }),
      sql`select table_name as name from information_schema.tables
          where table_schema = 'public' and table_name in (${sql.join(
            rosterTables.map((t) => sql`${t}`),
            sql`, `,
          )})`,
    )
  ).map((r) => r.name)

  const appliedHashes = new Set(applied.map((a) => a.hash))
  const lastApplied = Math.max(0, ...applied.map((a) => a.createdAt))
  const isApplied = (m: Migration) => appliedHashes.has(m.hash) || m.createdAt <= lastApplied
  const done = migrations.filter(isApplied).map((m) => m.tag)
  const pending = migrations.filter((m) => !isApplied(m)).map((m) => m.tag)
  const known = new Set(migrations.map((m) => m.createdAt))
  const unknown = applied.filter((a) => !known.has(a.createdAt) && !migrations.some((m) => m.hash === a.hash))

  if (applied.length === 0 && existing.length > 0) {
    return {
      state: 'conflict',
      applied: [],
      pending,
      conflicts: existing,
      message: `This database already has tables named ${existing.join(', ')} that Roster did not create. Roster will not change them; open a different database.`,
    }
  }
  if (unknown.length > 0) {
    return {
      state: 'conflict',
      applied: done,
      pending: [],
      conflicts: [],
      message: 'This database was migrated by a newer version of Roster. Update Roster to open it.',
    }
  }
  if (applied.length === 0) {
    return {
      state: 'empty',
      applied: [],
      pending,
      conflicts: [],
      message: `Roster's tables are not here yet: ${pending.length} migrations will create them.`,
    }
  }
  if (pending.length > 0) {
    return {
      state: 'pending',
      applied: done,
      pending,
      conflicts: [],
      message: `${pending.length} migration${pending.length === 1 ? ' is' : 's are'} waiting to be applied.`,
    }
  }
  return { state: 'ready', applied: done, pending: [], conflicts: [], message: 'Schema is up to date.' }
}

/** Applies pending migrations in one transaction; refuses a database Roster must not alter. */
export async function applyMigrations(database: Database, folder: string): Promise<SchemaStatus> {
  const before = await inspectSchema(database.db, folder)
  if (before.state === 'conflict') throw new ApiFailure('conflict', before.message)
  if (before.state === 'ready') return before
  await database.migrate(folder)
  return inspectSchema(database.db, folder)
}

export async function serverVersion(db: RosterDb): Promise<string> {
  const [row] = await queryRows(db, z.object({ server_version: z.string() }), sql`show server_version`)
  return row?.server_version ?? 'unknown'
}

/** What the header and the Connection screen show about an open database. */
export async function databaseStatus(database: Database, folder: string): Promise<DatabaseStatus> {
  const [version, schema] = await Promise.all([serverVersion(database.db), inspectSchema(database.db, folder)])
  return { kind: database.kind, label: database.label, serverVersion: version, pooler: database.pooler, schema }
}
