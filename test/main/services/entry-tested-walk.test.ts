import { drizzle } from 'drizzle-orm/postgres-js'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { queryRows } from '../../../src/main/db/client'
import { listUsers } from '../../../src/main/services/users'
import { userListQuery } from '../../../src/shared/schemas/users'
import { engines, seededDatabaseFor } from '../../support/databases'
import { explainableUsers, usersIndexReads } from '../../support/explain-page'

/**
 * 300,000 users, one a minute back from now, their emails in no order of time: the 54,000 created
 * in a range are spread evenly along the email order. Too many to count (so no count reads their
 * rows), few enough to be read matches first, and dense enough that a walk of the email index
 * finds a page of them within ~560 entries.
 */
const USERS = 300_000
const [FROM_MINUTES, TO_MINUTES] = [60_000, 6_000]

describe('a walk of the email order tests deleted, active and dates on its index entries (postgres)', () => {
  const client = explainableUsers(
    (client) => client`
      insert into users (email, name, created_at, updated_at)
      select md5(g::text) || '@example.com', 'User ' || g, now() - make_interval(mins => g), now() - make_interval(mins => g)
      from generate_series(1, ${USERS}::int) g`,
  )

  it('reads only the page’s rows: created in a range and active, by email both ways, from the start and from a cursor', async () => {
    const db = drizzle(client())
    const [{ now }] = (await client()`select now() as now`) as unknown as [{ now: Date }]
    const minutesAgo = (m: number) => new Date(new Date(now).getTime() - m * 60_000).toISOString()
    const createdAt = { op: 'between', from: minutesAgo(FROM_MINUTES), to: minutesAgo(TO_MINUTES) }
    for (const direction of ['asc', 'desc'] as const) {
      const query = userListQuery.parse({ sort: [{ column: 'email', direction }], filters: { createdAt, isActive: true }, limit: 100 })
      let after: string | null = null
      for (let page = 0; page < 2; page++) {
        const before = await usersIndexReads(client())
        const read = await listUsers(db, { ...query, after })
        const reads = await usersIndexReads(client())
        const [expected] = await client()<{ ids: string[] }[]>`select array_agg(id) as ids from (select id from users
          where created_at >= ${createdAt.from}::timestamptz and created_at < ${createdAt.to}::timestamptz and is_active and deleted_at is null
          order by email ${client().unsafe(direction)}, id ${client().unsafe(direction)} offset ${page * 100} limit 100) p`
        expect(read.rows.map((r) => r.id), `${direction} page ${page}`).toEqual(expected!.ids)
        expect(read.totalExact).toBe(false)
        // The email index walked, testing the filters on its entries: it gave the page's (and from a
        // cursor, maybe the cursor's own), and only their rows were read, not the ~450 others it passed.
        for (const read of [reads.entries['users_email_idx']! - before.entries['users_email_idx']!, reads.fetched - before.fetched]) {
          expect(read, `${direction} page ${page}`).toBeGreaterThanOrEqual(100)
          expect(read, `${direction} page ${page}`).toBeLessThanOrEqual(101)
        }
        after = read.nextCursor
      }
    }
  })
})

describe.each(engines)('a walk testing its index entries on %s', (engine) => {
  // 3,000 users a minute apart, every third inactive: 700 created in the range, ~467 of them active.
  const seeded = seededDatabaseFor(engine, async (db) => {
    await queryRows(
      db,
      z.unknown(),
      sql`insert into users (email, name, is_active, created_at)
          select md5(g::text) || '@example.com', 'User ' || g, g % 3 <> 0, timestamptz '2026-01-01' - make_interval(mins => g)
          from generate_series(1, 3000) g`,
    )
    await queryRows(db, z.unknown(), sql`analyze users`)
  })

  it('gives the same pages as one ORDER BY, by email and by name both ways, from the start and from a cursor', async () => {
    const db = seeded()
    const createdAt = { op: 'between', from: '2025-12-30T00:00:00.000Z', to: '2025-12-30T11:40:00.000Z' }
    for (const column of ['email', 'name'] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const expected = await queryRows(
          db,
          z.object({ id: z.string() }),
          sql`select id from users where created_at >= ${createdAt.from}::timestamptz and created_at < ${createdAt.to}::timestamptz and is_active and deleted_at is null
              order by ${sql.identifier(column)} ${sql.raw(direction)}, id ${sql.raw(direction)}`,
        )
        const query = userListQuery.parse({ sort: [{ column, direction }], filters: { createdAt, isActive: true }, limit: 100 })
        const first = await listUsers(db, query)
        const next = await listUsers(db, { ...query, after: first.nextCursor })
        expect([...first.rows, ...next.rows].map((r) => r.id), `${column} ${direction}`).toEqual(expected.slice(0, 200).map((r) => r.id))
        expect(first).toMatchObject({ total: expected.length, totalExact: true })
      }
    }
  })
})
