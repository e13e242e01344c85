import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import postgres from 'postgres'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type Database } from '../../../src/main/db/client'
import { applyMigrations, inspectSchema, readMigrations, rosterTables } from '../../../src/main/db/migrations'
import { createPostgresDatabase, MIGRATIONS } from '../../support/databases'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!()
})

async function freshPostgres(): Promise<{ database: Database; url: string }> {
  const created = await createPostgresDatabase()
  const database = await openDatabase({ kind: 'postgres', url: created.url })
  cleanups.push(async () => {
    await database.close()
    await created.drop()
  })
  return { database, url: created.url }
}

/**
 * One PGlite for the file, emptied again for each test: creating one runs initdb, 15-28 s of a
 * test's 30 under load, where dropping what a test made takes milliseconds.
 */
let pglite: Database | undefined
async function openPglite(): Promise<void> {
  pglite = await openDatabase({ kind: 'embedded', dataDir: 'memory://' })
}
afterAll(async () => {
  await pglite?.close()
})
async function freshPglite(): Promise<Database> {
  const database = pglite!
  // Everything a test or a migration creates lives in these two schemas (pg_trgm included).
  await database.db.execute('drop schema if exists drizzle cascade')
  await database.db.execute('drop schema public cascade')
  await database.db.execute('create schema public')
  return database
}

describe('committed migrations', () => {
  it('match the TypeScript schema: generating again yields nothing new', () => {
    const scratch = mkdtempSync(join(tmpdir(), 'roster-drift-'))
    try {
      cpSync(MIGRATIONS, join(scratch, 'drizzle'), { recursive: true })
      const before = readdirSync(join(scratch, 'drizzle')).sort()
      const output = execFileSync(
        'npx',
        ['drizzle-kit', 'generate', '--dialect=postgresql', '--schema=./src/main/db/schema/*.ts', `--out=${relative(process.cwd(), join(scratch, 'drizzle'))}`],
        { encoding: 'utf8' },
      )
      expect(output).toContain('No schema changes, nothing to migrate')
      expect(readdirSync(join(scratch, 'drizzle')).sort()).toEqual(before)
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  })
})

describe.each([
  ['postgres', async () => {}, async () => (await freshPostgres()).database],
  ['pglite', openPglite, freshPglite],
] as const)('schema status and migrations on %s', (_engine, prepare, open) => {
  beforeAll(prepare, 180_000)

  it('reports an empty database, applies every migration on request, then reports ready', async () => {
    const database = await open()
    const tags = readMigrations(MIGRATIONS).map((m) => m.tag)
    const empty = await inspectSchema(database.db, MIGRATIONS)
    expect(empty).toMatchObject({ state: 'empty', applied: [], pending: tags })
    const ready = await applyMigrations(database, MIGRATIONS)
    expect(ready).toMatchObject({ state: 'ready', applied: tags, pending: [] })
    // Applying again is a no-op.
    expect(await applyMigrations(database, MIGRATIONS)).toEqual(ready)
  })

  it('reports migrations the database is missing as pending', async () => {
    const database = await open()
    await applyMigrations(database, MIGRATIONS)
    const tags = readMigrations(MIGRATIONS).map((m) => m.tag)
    // The last migration's row disappears: as if it was made by an older Roster.
    await database.db.execute('delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)')
    const status = await inspectSchema(database.db, MIGRATIONS)
    expect(status).toMatchObject({ state: 'pending', pending: [tags.at(-1)] })
  })

  it('reports tables Roster did not create as a conflict and refuses to touch them', async () => {
    const database = await open()
    await database.db.execute('create table users (id serial primary key, login text)')
    const status = await inspectSchema(database.db, MIGRATIONS)
    expect(status).toMatchObject({ state: 'conflict', conflicts: ['users'] })
    expect(status.message).toContain('already has tables named users that Roster did not create')
    await expect(applyMigrations(database, MIGRATIONS)).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/Roster will not change them/) })
  })
})

describe('migrations on PostgreSQL', () => {
  it('create the tables, indexes and trigram extension the app relies on', async () => {
    const { database, url } = await freshPostgres()
    await applyMigrations(database, MIGRATIONS)
    const sql = postgres(url, { max: 1 })
    try {
      const tables = await sql`select table_name from information_schema.tables where table_schema = 'public' order by 1`
      // Every table of the schema folder, and nothing else.
      expect(tables.map((t) => t.table_name)).toEqual([...rosterTables].sort())
      expect(rosterTables).toEqual(expect.arrayContaining(['agencies', 'roles', 'user_roles', 'users']))
      const indexes = await sql`select indexname from pg_indexes where tablename = 'users' order by 1`
      expect(indexes.map((i) => i.indexname)).toEqual(
        expect.arrayContaining(['users_email_lower_unique', 'users_name_trgm_idx', 'users_email_trgm_idx', 'users_name_idx']),
      )
      // A role filter probes each user within its role's range; role_id alone would be redundant.
      const roleIndexes = await sql`select indexdef from pg_indexes where tablename = 'user_roles' order by 1`
      expect(roleIndexes.map((i) => i.indexdef.replace(/.* USING /, ''))).toEqual(['btree (role_id, user_id)', 'btree (user_id, role_id)'])
      const [ext] = await sql`select extname from pg_extension where extname = 'pg_trgm'`
      expect(ext?.extname).toBe('pg_trgm')
    } finally {
      await sql.end()
    }
  })
})
