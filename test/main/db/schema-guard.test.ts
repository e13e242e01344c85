import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Dispatcher } from '../../../src/main/api'
import { DatabaseSession } from '../../../src/main/session'
import { contract, methodNames } from '../../../src/shared/contract'
import { call, refused } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { createPostgresDatabase, MIGRATIONS } from '../../support/databases'

const TABLES = ['agencies', 'roles', 'users', 'user_roles'] as const
const A_UUID = '00000000-0000-4000-8000-000000000001'
const A_TIME = '2024-01-01T00:00:00.000Z'

/** One digest of every row of every table named like Roster's: any write changes it. */
async function checksum(sql: postgres.Sql): Promise<string> {
  const sums: string[] = []
  for (const table of TABLES) {
    const [row] = await sql.unsafe(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as sum from "${table}" t`)
    sums.push(`${table}:${row!.sum as string}`)
  }
  return sums.join(' ')
}

/** Another application's tables, shaped unlike Roster's. */
async function foreignTables(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    create table agencies (id uuid primary key default gen_random_uuid(), code text not null);
    create table roles (id uuid primary key default gen_random_uuid(), label text);
    create table users (id uuid primary key default gen_random_uuid(), login text not null, agency uuid);
    create table user_roles (login text, label text);
    insert into agencies (id, code) values ('${A_UUID}', 'HQ');
    insert into roles (label) values ('owner');
    insert into users (id, login) values ('${A_UUID}', 'root');
    insert into user_roles values ('root', 'owner');`)
}

/**
 * Another application's tables that happen to have Roster's exact shape (its migrations' SQL,
 * without Roster's migration record): the dangerous case, where Roster's SQL would run fine.
 */
async function lookalikeTables(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    insert into agencies (id, name) values ('${A_UUID}', 'Their agency');
    insert into roles (name, description) values ('Their role', 'not Roster''s');
    insert into users (id, email, name, agency_id) values ('${A_UUID}', 'them@example.com', 'Their user', '${A_UUID}');
    insert into user_roles (user_id, role_id) select '${A_UUID}', id from roles;
    drop schema drizzle cascade;`)
}

/** Every way to write, aimed at rows that exist (lookalike case) or at least parse. */
async function writeAttempts(sql: postgres.Sql) {
  const updatedAt = async (table: string) => {
    const rows = await sql.unsafe(`select to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at from "${table}" limit 1`).catch(() => [])
    return (rows[0]?.at as string | undefined) ?? A_TIME
  }
  const [roleRow] = await sql.unsafe(`select id::text from roles limit 1`)
  const roleId = (roleRow?.id as string | undefined) ?? A_UUID
  return [
    ['users.save', { inserts: [{ clientId: 'n1', name: 'Intruder', email: 'intruder@example.com' }] }],
    ['users.save', { updates: [{ id: A_UUID, updatedAt: await updatedAt('users'), overwrite: true, changes: { name: 'Changed' } }] }],
    ['users.save', { deletes: [{ id: A_UUID }] }],
    ['users.save', { restores: [{ id: A_UUID }] }],
    ['agencies.save', { inserts: [{ clientId: 'n1', name: 'New agency' }] }],
    ['agencies.save', { updates: [{ id: A_UUID, updatedAt: await updatedAt('agencies'), overwrite: true, changes: { name: 'Changed' } }] }],
    ['agencies.save', { deletes: [{ id: A_UUID }] }],
    ['roles.save', { inserts: [{ clientId: 'n1', name: 'New role' }] }],
    ['roles.save', { updates: [{ id: roleId, updatedAt: await updatedAt('roles'), overwrite: true, changes: { name: 'Changed' } }] }],
    ['roles.save', { deletes: [{ id: roleId }] }],
  ] as const
}

interface Started {
  api: Dispatcher
  sql: postgres.Sql
  close(): Promise<void>
}

/** Roster started on `url` as `--database` starts it: DatabaseSession.open, then createApi. */
async function startAsCli(url: string, migrationsFolder = MIGRATIONS): Promise<Omit<Started, 'sql'>> {
  const data = temporaryDataDir()
  const session = new DatabaseSession(migrationsFolder)
  await session.open({ kind: 'postgres', url })
  const { handlers } = connectionHandlersFor(session, data.dir, { startup: { kind: 'postgres', url } })
  const api = createApi({ session, connections: handlers })
  return {
    api,
    async close() {
      await session.close()
      data.remove()
    },
  }
}

async function prepared(setup: (sql: postgres.Sql, url: string) => Promise<void>, migrationsFolder = MIGRATIONS): Promise<Started> {
  const created = await createPostgresDatabase()
  const sql = postgres(created.url, { max: 1, onnotice: () => {} })
  await setup(sql, created.url)
  const started = await startAsCli(created.url, migrationsFolder)
  return {
    api: started.api,
    sql,
    async close() {
      await started.close()
      await sql.end()
      await created.drop()
    },
  }
}

/** Roster's own schema, applied by Roster itself. */
async function migrateWithRoster(url: string): Promise<void> {
  const started = await startAsCli(url)
  try {
    await call(started.api, 'database.migrate', {})
  } finally {
    await started.close()
  }
}

describe('the contract says which methods touch Roster’s tables', () => {
  it('marks every save and import as a write, every list, count, choices and export as a read, and nothing else', () => {
    const marked = methodNames.filter((m) => 'rows' in contract[m]).map((m) => [m, (contract[m] as { rows: string }).rows])
    expect(Object.fromEntries(marked)).toEqual({
      'agencies.list': 'read',
      'agencies.count': 'read',
      'agencies.save': 'write',
      'users.list': 'read',
      'users.count': 'read',
      'users.save': 'write',
      'roles.list': 'read',
      'roles.count': 'read',
      'roles.save': 'write',
      'agencies.choices': 'read',
      'roles.choices': 'read',
      // An import's check stages rows in the database and locks what they point at; its apply writes them.
      'imports.check': 'write',
      'imports.apply': 'write',
      'exports.start': 'read',
    })
  })
})

describe.each([
  ['with other columns', foreignTables, false],
  ['shaped exactly like Roster’s', lookalikeTables, true],
] as const)('a database holding another application’s tables %s, opened at start-up', (_name, setup, lookalike) => {
  let started: Started
  let message: string
  beforeAll(async () => {
    started = await prepared(async (sql, url) => {
      if (lookalike) await migrateWithRoster(url)
      await setup(sql)
    })
    const status = await call(started.api, 'database.status', {})
    expect(status.schema.state).toBe('conflict')
    message = status.schema.message
  })
  afterAll(async () => started?.close())

  it('refuses every save as a conflict and changes nothing', async () => {
    const before = await checksum(started.sql)
    for (const [method, batch] of await writeAttempts(started.sql)) {
      const error = await refused(started.api, method, batch as never)
      expect({ method, code: error.code }).toEqual({ method, code: 'conflict' })
      expect(error.message).toContain(message)
    }
    expect(await checksum(started.sql)).toBe(before)
  })

  it('does not read the foreign tables either: lists and counts answer the conflict', async () => {
    for (const method of ['users.list', 'users.count', 'agencies.list', 'agencies.count', 'roles.list', 'roles.count'] as const) {
      const error = await refused(started.api, method, {})
      expect({ method, error }).toEqual({ method, error: { code: 'conflict', message } })
    }
  })

  it('says truthfully that Roster leaves the tables alone, and refuses to migrate them', async () => {
    expect(message).toMatch(/did not create/)
    expect((await refused(started.api, 'database.migrate', {})).code).toBe('conflict')
  })
})

describe('a database of Roster’s with migrations pending, opened at start-up', () => {
  let started: Started
  let newer: ReturnType<typeof newerRoster>
  beforeAll(async () => {
    // This build of Roster knows one migration more than the one that made the database.
    newer = newerRoster()
    started = await prepared(async (sql, url) => {
      await migrateWithRoster(url)
      await lookalikeRows(sql)
    }, newer.folder)
  })
  afterAll(async () => {
    await started?.close()
    newer?.remove()
  })

  it('refuses every save until the migrations are applied, then saves', async () => {
    const status = await call(started.api, 'database.status', {})
    expect(status.schema.state).toBe('pending')
    const before = await checksum(started.sql)
    for (const [method, batch] of await writeAttempts(started.sql)) {
      const error = await refused(started.api, method, batch as never)
      expect({ method, code: error.code }).toEqual({ method, code: 'conflict' })
      expect(error.message).toContain(status.schema.message)
    }
    expect(await checksum(started.sql)).toBe(before)

    expect((await call(started.api, 'database.migrate', {})).schema.state).toBe('ready')
    const saved = await call(started.api, 'roles.save', { inserts: [{ clientId: 'n1', name: 'After migrating' }] })
    expect(saved.inserted).toHaveLength(1)
  })
})

describe('an empty database, opened at start-up', () => {
  it('refuses saves until Roster’s tables are created', async () => {
    const started = await prepared(async () => {})
    try {
      const error = await refused(started.api, 'agencies.save', { inserts: [{ clientId: 'n1', name: 'Too early' }] })
      expect(error.code).toBe('conflict')
      expect(error.message).toMatch(/tables are not here yet/)
      await call(started.api, 'database.migrate', {})
      expect((await call(started.api, 'agencies.save', { inserts: [{ clientId: 'n1', name: 'In time' }] })).inserted).toHaveLength(1)
    } finally {
      await started.close()
    }
  })
})

/** Rows like the lookalike case's, in Roster's own tables. */
async function lookalikeRows(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(`
    insert into agencies (id, name) values ('${A_UUID}', 'An agency');
    insert into roles (name) values ('A role');
    insert into users (id, email, name, agency_id) values ('${A_UUID}', 'someone@example.com', 'Someone', '${A_UUID}');`)
}

/** The migrations of a newer Roster: today's, plus one that adds a column. */
function newerRoster(): { folder: string; remove(): void } {
  const folder = join(mkdtempSync(join(tmpdir(), 'roster-newer-')), 'drizzle')
  cpSync(MIGRATIONS, folder, { recursive: true })
  const journalFile = join(folder, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { idx: number; when: number; tag: string }[] }
  const last = journal.entries.at(-1)!
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1000, tag: '9999_newer' })
  writeFileSync(journalFile, JSON.stringify(journal))
  writeFileSync(join(folder, '9999_newer.sql'), 'ALTER TABLE "roles" ADD COLUMN "note" text;')
  return { folder, remove: () => rmSync(join(folder, '..'), { recursive: true, force: true }) }
}
