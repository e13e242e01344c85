import { mkdtempSync, rmSync } from 'node:fs'
import { z } from 'zod'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../../src/main/api'
import { openDatabase } from '../../../src/main/db/client'
import { describePostgresUrl, parsePostgresUrl } from '../../../src/shared/postgres-url'
import { toApiError } from '../../../src/main/db/pg-sentences'
import { DatabaseSession } from '../../../src/main/session'
import { call } from '../../support/api'
import { connectionHandlersFor } from '../../support/connections'
import { queryRows, type Executor } from '../../../src/main/db/client'
import { users } from '../../../src/main/db/schema/users'
import { applyMigrations } from '../../../src/main/db/migrations'
import { listUsers } from '../../../src/main/services/users'
import { userListQuery } from '../../../src/shared/schemas/users'
import { createPostgresDatabase, MIGRATIONS, urlFor } from '../../support/databases'
import { sql } from 'drizzle-orm'

describe('PostgreSQL URLs', () => {
  it('honours pool size, connect timeout and sslmode, and strips them from the URL', () => {
    const parsed = parsePostgresUrl('postgres://ann:secret@db.example:6543/crm?sslmode=require&pool_size=4&connect_timeout=3&application_name=x')
    expect(parsed).toMatchObject({
      url: 'postgres://ann:secret@db.example:6543/crm?application_name=x',
      max: 4,
      connectTimeoutSeconds: 3,
      ssl: 'require',
      sslmode: 'require',
      sslFiles: {},
    })
    // libpq's certificate files are Roster's to read, never startup parameters for the server.
    expect(parsePostgresUrl('postgres://h/db?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/k.pem')).toMatchObject({
      url: 'postgres://h/db',
      sslFiles: { sslrootcert: '/ca.pem', sslcert: '/c.pem', sslkey: '/k.pem' },
    })
    expect(parsePostgresUrl('postgresql://h/db').ssl).toBe('prefer')
    expect(parsePostgresUrl('postgres://h/db?sslmode=disable').ssl).toBe(false)
  })

  it('explains what is wrong with a bad URL', () => {
    expect(() => parsePostgresUrl('mysql://h/db')).toThrow('must start with postgres:// or postgresql://')
    expect(() => parsePostgresUrl('not a url')).toThrow('not a valid URL')
    expect(() => parsePostgresUrl('postgres://h/db?sslmode=sometimes')).toThrow('sslmode=sometimes is not one of')
    expect(() => parsePostgresUrl('postgres://h/db?pool_size=0')).toThrow('pool_size in the database URL must be a positive whole number')
  })

  it('describes where a database is without its password', () => {
    expect(describePostgresUrl('postgres://ann:secret@db.example:6543/crm?sslmode=require')).toBe('db.example:6543/crm')
    expect(describePostgresUrl('postgres://ann:secret@db.example/crm')).not.toContain('secret')
  })
})

describe('page queries on PostgreSQL', () => {
  // One connection, so the statements it prepared can be read back on it.
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>
  let database: Awaited<ReturnType<typeof openDatabase>>
  beforeAll(async () => {
    created = await createPostgresDatabase()
    database = await openDatabase({ kind: 'postgres', url: `${created.url}?max=1` })
    await applyMigrations(database, MIGRATIONS)
    await database.db.execute(sql`
      insert into users (email, name) select 'user' || g || '@example.com', 'User ' || g from generate_series(1, 300) g`)
  })
  afterAll(async () => {
    await database?.close()
    await created?.drop()
  })
  const pageStatements = (like: string) =>
    queryRows(
      database.db,
      z.object({ custom: z.number(), generic: z.number(), statement: z.string() }),
      sql`select custom_plans::int as custom, generic_plans::int as generic, statement from pg_prepared_statements
          where statement like ${like} and statement not like '%pg_prepared_statements%'`,
    )

  it('are prepared once and planned once, even without parameters', async () => {
    const query = userListQuery.parse({ limit: 100, sort: [{ column: 'name', direction: 'asc' }] })
    for (let i = 0; i < 8; i++) await listUsers(database.db, query)
    // postgres.js would send a parameterless query by the simple protocol, re-planned every call;
    // and `limit $1` would make PostgreSQL plan each call afresh (custom plans).
    expect(await pageStatements('%from "users" left join "agencies"%order by "users"."name" asc, "users"."id" asc limit 100')).toMatchObject([
      { custom: 0, generic: 8 },
    ])
  })

  it('are prepared once without parameters inside transactions and savepoints too', async () => {
    // No parameter at all: the filter's value is written into the statement.
    const emailsFrom29 = (db: Executor) =>
      db.select({ email: users.email }).from(users).where(sql`${users.email} like 'user29%'`).prepare('emails_from_29').execute()
    for (let i = 0; i < 3; i++) {
      await database.db.transaction(async (tx) => {
        expect(await emailsFrom29(tx)).toHaveLength(11)
        await tx.transaction(async (savepoint) => expect(await emailsFrom29(savepoint)).toHaveLength(11))
      })
    }
    expect(await pageStatements(`%like 'user29\\%'`)).toMatchObject([{ custom: 0, generic: 6 }])
  })

  it('are prepared with their values written in: one per shape and values, each planned once for its values', async () => {
    for (let run = 0; run < 2; run++) {
      for (const term of ['11', '22', '33']) {
        const page = await listUsers(database.db, userListQuery.parse({ limit: 50, search: term, sort: [{ column: 'email', direction: 'desc' }] }))
        expect(page.rows.length).toBeGreaterThan(0)
        expect(page.rows.every((r) => r.email.includes(term))).toBe(true)
        expect(page.total).toBe(page.rows.length)
        const next = await listUsers(database.db, userListQuery.parse({ limit: 2, search: term, after: null, sort: [{ column: 'email', direction: 'desc' }] }))
        const after = await listUsers(database.db, userListQuery.parse({ limit: 50, search: term, after: next.nextCursor, sort: [{ column: 'email', direction: 'desc' }] }))
        expect(after.rows.map((r) => r.id)).toEqual(page.rows.slice(2).map((r) => r.id))
      }
    }
    const statements = await pageStatements('%"users"."email") desc%')
    // The first page of 50, the first page of 2 and the page after a cursor, for each of three terms:
    // nine statements, each holding its term, so each plan is made for it (a rare term reads by
    // its index, a common one walks the order), once, and kept for the second run.
    expect(statements).toHaveLength(9)
    expect(statements.map((s) => [s.custom, s.generic])).toEqual(Array(9).fill([0, 2]))
    for (const term of ['11', '22', '33']) expect(statements.filter((s) => s.statement.includes(`%${term}%`))).toHaveLength(3)
    expect(statements.map((s) => s.statement).filter((s) => /(^|[^\w$])\$\d/.test(s))).toEqual([])
  })

  it('write a value in as the value it is, whatever it holds', async () => {
    const odd = ["O'Brien", 'say $v$ twice $v$', 'back\\slash', 'dash -- not a comment', 'dollar $1 sign', '/* not a comment */']
    await database.db.insert(users).values(odd.map((name, i) => ({ name, email: `odd${i}@example.com` })))
    try {
      for (const name of odd) {
        const page = await listUsers(database.db, userListQuery.parse({ limit: 10, search: name, sort: [{ column: 'name', direction: 'asc' }] }))
        expect(page.rows.map((r) => r.name)).toEqual([name])
        const equal = await listUsers(database.db, userListQuery.parse({ limit: 10, filters: { name: { op: 'equals', value: name } } }))
        expect(equal.rows.map((r) => r.name)).toEqual([name])
      }
      expect(await database.db.$count(users)).toBe(300 + odd.length)
    } finally {
      await database.db.execute(sql`delete from users where email like 'odd%'`)
    }
  })

  it('are never compiled to machine code, however costly their plans', async () => {
    const compiled = async () => {
      const plan = await queryRows(database.db, z.object({ 'QUERY PLAN': z.string() }), sql`explain (analyze, timing off)
        select count(*) from users where name like 'User 1%'`)
      // PostgreSQL tells of its JIT only with the plan's costs.
      return plan.some((line) => line['QUERY PLAN'].startsWith('JIT:'))
    }
    // Every plan costly enough to compile, on this session alone.
    await database.db.execute(sql`select set_config('jit_above_cost', '0', false)`)
    try {
      expect(await compiled()).toBe(false)
      // The server's default would compile it.
      await database.db.execute(sql`select set_config('jit', 'on', false)`)
      expect(await compiled()).toBe(true)
    } finally {
      // Back to the session's start: the connection's own settings.
      await database.db.execute(sql`reset all`)
    }
  })

  it('are planned with one parallel worker at most, even where the server finds more cheap', async () => {
    const workers = async () => {
      const plan = await queryRows(database.db, z.object({ 'QUERY PLAN': z.string() }), sql`explain select count(*) from users where name like 'User 1%'`)
      return plan.flatMap((line) => /Workers Planned: (\d+)/.exec(line['QUERY PLAN'])?.[1] ?? []).map(Number)
    }
    // Costs that make a parallel plan the cheapest for any table, on this session alone.
    await database.db.execute(sql`select set_config('parallel_setup_cost', '0', false), set_config('parallel_tuple_cost', '0', false),
      set_config('min_parallel_table_scan_size', '0', false)`)
    try {
      expect(await workers()).toEqual([1])
      // PostgreSQL's default of two would plan two.
      await database.db.execute(sql`select set_config('max_parallel_workers_per_gather', '2', false)`)
      expect(await workers()).toEqual([2])
    } finally {
      // Back to the session's start: the connection's own settings.
      await database.db.execute(sql`reset all`)
    }
  })
})

describe('opening a PostgreSQL database that is not there', () => {
  it('says the database is missing', async () => {
    const error = await openDatabase({ kind: 'postgres', url: urlFor('roster_no_such_database') }).catch((e: unknown) => e)
    expect(toApiError(error)).toEqual({
      code: 'connection',
      message: 'There is no database named roster_no_such_database on the database server. Check the name, or create it first.',
    })
  })

  it('says the server refused the connection when nothing listens on the port', async () => {
    const error = await openDatabase({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/x?connect_timeout=2' }).catch((e: unknown) => e)
    expect(toApiError(error)).toEqual({
      code: 'connection',
      message: 'Nothing is accepting connections at the database server’s address. Is PostgreSQL running there, and is the port right?',
    })
  })
})

describe('the embedded database', () => {
  it('is migrated and seeded with demo data on first open, kept on disk, and not seeded twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'roster-embedded-'))
    try {
      const first = new DatabaseSession(MIGRATIONS)
      await first.open({ kind: 'embedded', dataDir: join(dataDir, 'embedded') })
      const api = createApi({ session: first, connections: connectionHandlersFor(first, dataDir).handlers })
      expect((await call(api, 'database.status', {})).schema.state).toBe('ready')
      const users = await call(api, 'users.list', { limit: 5 })
      expect(users.total).toBe(200)
      expect(users.rows[0]?.agencyName ?? '').toMatch(/\w/)
      expect((await call(api, 'agencies.list', {})).total).toBeGreaterThanOrEqual(5)
      expect((await call(api, 'roles.list', {})).total).toBeGreaterThanOrEqual(4)
      await first.close()

      const again = new DatabaseSession(MIGRATIONS)
      await again.open({ kind: 'embedded', dataDir: join(dataDir, 'embedded') })
      const reopened = createApi({ session: again, connections: connectionHandlersFor(again, dataDir).handlers })
      expect((await call(reopened, 'users.list', { limit: 1 })).total).toBe(200)
      await again.close()
    } finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
    // Nearly all of it is PGlite creating the new folder (its initdb: 15-28 s measured at load 10-18,
    // where migrations and the seed took under a second): the budget is for that, not for Roster.
  }, 180_000)
})
