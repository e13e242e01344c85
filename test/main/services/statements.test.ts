import { sql } from 'drizzle-orm'
import { z } from 'zod'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, queryRows, type Database } from '../../../src/main/db/client'
import { applyMigrations } from '../../../src/main/db/migrations'
import { listUsers, userPages } from '../../../src/main/services/users'
import { STATEMENT_CACHE_SIZE, StatementRegistry, type PreparedRead, type StatementShape } from '../../../src/main/services/statement-registry'
import { userListQuery } from '../../../src/shared/schemas/users'
import { createPostgresDatabase, MIGRATIONS } from '../../support/databases'

/** Server-side prepared statements postgres.js keeps per connection (patches/postgres+*.patch). */
const DRIVER_STATEMENT_LIMIT = 256

describe('prepared statements stay bounded on postgres', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>
  let database: Database

  beforeAll(async () => {
    created = await createPostgresDatabase()
    // One connection, so every statement lands on the backend that is counted.
    database = await openDatabase({ kind: 'postgres', url: `${created.url}?pool_size=1` })
    await applyMigrations(database, MIGRATIONS)
    await database.db.execute(sql`
      insert into users (email, name) select 'user' || g || '@example.com', 'User ' || g from generate_series(1, 30) g`)
  })
  afterAll(async () => {
    await database?.close()
    await created?.drop()
  })

  /** Statements prepared on Roster's one backend (asked with a parameter, so by the extended protocol). */
  const preparedOnServer = async () =>
    (await queryRows(database.db, z.object({ n: z.number() }), sql`select count(*)::int as n from pg_prepared_statements where ${1}::int = 1`))[0]!.n

  it('keeps at most a bounded number of list shapes, in memory and on the server, and reuses evicted ones', async () => {
    const shapes: { limit: number; direction: 'asc' | 'desc' }[] = []
    for (let limit = 1; limit <= 600; limit++) for (const direction of ['asc', 'desc'] as const) shapes.push({ limit, direction })
    const list = (shape: (typeof shapes)[number]) =>
      listUsers(database.db, userListQuery.parse({ limit: shape.limit, sort: [{ column: 'email', direction: shape.direction }] }))

    // Checked on the server after every 200 shapes, not only at the end.
    for (let start = 0; start < shapes.length; start += 200) {
      for (const shape of shapes.slice(start, start + 200)) {
        const page = await list(shape)
        expect(page.rows).toHaveLength(Math.min(shape.limit, 30))
      }
      expect(await preparedOnServer()).toBeLessThanOrEqual(DRIVER_STATEMENT_LIMIT)
    }
    expect(await preparedOnServer()).toBeLessThanOrEqual(DRIVER_STATEMENT_LIMIT)
    expect(userPages.size(database.db)).toBeLessThanOrEqual(STATEMENT_CACHE_SIZE)

    // The first shapes were evicted long ago, on both sides: they are prepared again and still right.
    const byEmail = async (direction: 'asc' | 'desc') =>
      (await queryRows(database.db, z.object({ email: z.string() }), sql`select email from users order by email ${sql.raw(direction)}, id ${sql.raw(direction)}`)).map((r) => r.email)
    const expected = { asc: await byEmail('asc'), desc: await byEmail('desc') }
    for (const shape of shapes.slice(0, 20)) {
      const page = await list(shape)
      expect(page.rows.map((r) => r.email)).toEqual(expected[shape.direction].slice(0, shape.limit))
    }
    expect(await preparedOnServer()).toBeLessThanOrEqual(DRIVER_STATEMENT_LIMIT)
  }, 120_000)

  it('keeps the shape in use while newer ones come and go (least recently used goes first)', () => {
    let builds = 0
    const registry = new StatementRegistry<{ id: string }>()
    const prepared: PreparedRead<{ id: string }> = { execute: async () => [] }
    const build = () => ({ prepare: () => (builds++, prepared) })
    const other = () => ({ prepare: () => prepared })
    const shape = (limit: number): StatementShape => ({ list: 'users', sort: 'name:asc', filters: ['live'], reading: { way: 'start', limit, offset: false } })
    registry.statementFor(database.db, shape(0), build)
    for (let i = 1; i <= STATEMENT_CACHE_SIZE * 3; i++) {
      registry.statementFor(database.db, shape(i), other)
      registry.statementFor(database.db, shape(0), build)
    }
    expect(builds).toBe(1)
    expect(registry.size(database.db)).toBe(STATEMENT_CACHE_SIZE)
  })
})

describe('postgres.js closes the prepared statements it evicts', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>
  let client: postgres.Sql

  beforeAll(async () => {
    created = await createPostgresDatabase()
    client = postgres(created.url, { max: 1, onnotice: () => {} })
  })
  afterAll(async () => {
    await client?.end()
    await created?.drop()
  })

  /** Asked unprepared (so not counting itself) but by the extended protocol, as Roster's reads are. */
  const prepared = async (sql: postgres.Sql | postgres.TransactionSql) =>
    (await sql.unsafe<{ n: number }[]>('select count(*)::int as n from pg_prepared_statements where $1::int = 1', [1]))[0]!.n

  it('runs thousands of distinct statements with a bounded server cache, in and out of transactions and cursors', async () => {
    for (let i = 0; i < 3000; i++) {
      const [row] = await client.unsafe(`select $1::int + ${i} as n`, [1], { prepare: true })
      expect(row!.n).toBe(i + 1)
    }
    expect(await prepared(client)).toBeLessThanOrEqual(DRIVER_STATEMENT_LIMIT)

    // Pipelined, evicting as they go: every answer still belongs to its own query.
    const answers = await Promise.all(Array.from({ length: 600 }, (_, i) => client.unsafe(`select $1::int * ${i} as n`, [2], { prepare: true })))
    expect(answers.map(([row]) => row!.n)).toEqual(Array.from({ length: 600 }, (_, i) => 2 * i))

    await client.begin(async (tx) => {
      for (let i = 0; i < 400; i++) await tx.unsafe(`select $1::text || '${i}' as s`, ['t'], { prepare: true })
      expect(await prepared(tx)).toBeLessThanOrEqual(DRIVER_STATEMENT_LIMIT)
    })

    // A cursor closes its portal with the same protocol message: it must still finish.
    const seen: number[] = []
    await client`select g from generate_series(1, 10) g where ${1}::int = 1`.cursor(3, (rows) => {
      seen.push(...rows.map((r) => r.g as number))
    })
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])

    // Evicted long ago, used again.
    const [again] = await client.unsafe('select $1::int + 0 as n', [5], { prepare: true })
    expect(again!.n).toBe(5)
  }, 120_000)
})
