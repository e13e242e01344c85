import { sql } from 'drizzle-orm'
import { z } from 'zod'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { queryRows } from '../../../src/main/db/client'
import { toApiError } from '../../../src/main/db/pg-sentences'
import { runSuperseding } from '../../../src/main/db/superseding'
import { EXACT_OFFSET_UP_TO } from '../../../src/main/services/deep-page-seek'
import { EXACT_COUNT_BELOW } from '../../../src/main/services/list-total'
import type { RosterDb } from '../../../src/main/db/client'
import { call, openApi, refused } from '../../support/api'
import { bulkFill } from '../../support/bulk-fill'
import { engines } from '../../support/databases'
import { holdTableLock } from '../../support/table-lock'

/** Users named so that name order and insertion order differ, spread over time. */
async function seed(db: RosterDb, count: number) {
  await bulkFill(
    (text) => queryRows(db, z.unknown(), sql.raw(text)),
    'users',
    () =>
      db.execute(sql`
        insert into users (email, name, is_active, created_at, updated_at)
        select 'user' || g || '@example.com', 'User ' || md5(g::text), g % 3 <> 0,
               now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval
        from generate_series(1, ${count}::int) g`),
  )
  await db.execute(sql`analyze users`)
}

const USERS = 3 * EXACT_OFFSET_UP_TO

describe.each(engines)('deep pages on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  const names = async (order: 'asc' | 'desc', offset: number, limit: number) =>
    (
      await queryRows(
        ctx.test.database.db,
        z.object({ name: z.string() }),
        sql`select name from users order by name ${sql.raw(order)}, id ${sql.raw(order)} offset ${offset} limit ${limit}`,
      )
    ).map((r) => r.name)

  beforeAll(async () => {
    ctx = await openApi(engine)
    await seed(ctx.test.database.db, USERS)
  }, 120_000)
  afterAll(() => ctx?.close())

  it('reaches a position far from both ends by seeking to the key pg_stats puts there', async () => {
    const target = Math.floor(USERS / 2)
    const page = await call(ctx.api, 'users.list', { limit: 50, offset: target, sort: [{ column: 'name', direction: 'asc' }] })
    expect(page).toMatchObject({ offset: target, offsetExact: false, total: USERS, totalExact: true })
    expect(page.rows).toHaveLength(50)
    const [{ rank } = { rank: 0 }] = await queryRows(
      ctx.test.database.db,
      z.object({ rank: z.number() }),
      sql`select count(*)::int as rank from users where name < ${page.rows[0]!.name}`,
    )
    // The histogram puts the page within a few percent of where it was asked for.
    expect(Math.abs(rank - target)).toBeLessThan(USERS * 0.05)
    // From there on it is ordinary keyset paging, exactly in order.
    const next = await call(ctx.api, 'users.list', { limit: 50, after: page.nextCursor, sort: [{ column: 'name', direction: 'asc' }] })
    expect([...page.rows, ...next.rows].map((r) => r.name)).toEqual(await names('asc', rank, 100))
  })

  it('seeks in descending order and on timestamps too', async () => {
    const target = Math.floor(USERS * 0.45)
    const byName = await call(ctx.api, 'users.list', { limit: 20, offset: target, sort: [{ column: 'name', direction: 'desc' }] })
    expect(byName.offsetExact).toBe(false)
    const [{ rank } = { rank: 0 }] = await queryRows(
      ctx.test.database.db,
      z.object({ rank: z.number() }),
      sql`select count(*)::int as rank from users where name > ${byName.rows[0]!.name}`,
    )
    expect(Math.abs(rank - target)).toBeLessThan(USERS * 0.05)
    const byDate = await call(ctx.api, 'users.list', { limit: 20, offset: target, sort: [{ column: 'createdAt', direction: 'asc' }] })
    expect(byDate.offsetExact).toBe(false)
    const dates = byDate.rows.map((r) => r.createdAt)
    expect(dates).toEqual([...dates].sort())
  })

  it('reads the last page backwards from the end, exactly', async () => {
    const page = await call(ctx.api, 'users.list', { limit: 40, offset: USERS - 40, sort: [{ column: 'name', direction: 'asc' }] })
    expect(page).toMatchObject({ offset: USERS - 40, offsetExact: true, rowsAfter: 0, nextCursor: expect.any(String) })
    expect(page.rows.map((r) => r.name)).toEqual(await names('asc', USERS - 40, 40))
    const nearEnd = await call(ctx.api, 'users.list', { limit: 40, offset: USERS - 1040, sort: [{ column: 'name', direction: 'asc' }] })
    expect(nearEnd).toMatchObject({ offset: USERS - 1040, rowsAfter: 1000 })
    expect(nearEnd.rows.map((r) => r.name)).toEqual(await names('asc', USERS - 1040, 40))
    const past = await call(ctx.api, 'users.list', { limit: 40, offset: USERS - 10, sort: [{ column: 'name', direction: 'asc' }] })
    expect(past.rows.map((r) => r.name)).toEqual(await names('asc', USERS - 10, 10))
    expect(past.nextCursor).toBeNull()
  })

  it('seeks past a sampled row where no histogram can help (a boolean sort, a joined name)', async () => {
    const target = Math.floor(USERS / 2)
    const page = await call(ctx.api, 'users.list', { limit: 10, offset: target, sort: [{ column: 'isActive', direction: 'asc' }] })
    expect(page).toMatchObject({ offset: target, offsetExact: false })
    const first = page.rows[0]!
    const [{ rank } = { rank: 0 }] = await queryRows(
      ctx.test.database.db,
      z.object({ rank: z.number() }),
      sql`select count(*)::int as rank from users where (is_active, id) < (${first.isActive}, ${first.id}::uuid)`,
    )
    expect(Math.abs(rank - target)).toBeLessThan(USERS * 0.05)
    const expected = await queryRows(
      ctx.test.database.db,
      z.object({ id: z.string() }),
      sql`select id from users order by is_active asc, id asc offset ${rank} limit 10`,
    )
    expect(page.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id))
    // The same for a name from the agencies join (here every user has none: all nulls, first when descending).
    const byAgency = await call(ctx.api, 'users.list', { limit: 10, offset: target, sort: [{ column: 'agencyName', direction: 'desc' }] })
    expect(byAgency.rows).toHaveLength(10)
    expect(byAgency.offsetExact).toBe(false)
  })

  it('counts exactly on request, with the list’s filters', async () => {
    const { total } = await call(ctx.api, 'users.count', { filters: { isActive: false } })
    expect(total).toBe(USERS / 3)
  })
})

describe('totals of a large table on postgres', () => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  const LARGE = EXACT_COUNT_BELOW + 10_000
  beforeAll(async () => {
    ctx = await openApi('postgres')
    await seed(ctx.test.database.db, LARGE)
  }, 120_000)
  afterAll(() => ctx?.close())

  it('shows the planner’s estimate on every page of a view whose total the database does not keep, and the exact count only when asked', async () => {
    // The deleted users shown too: only the live ones' total is kept.
    const everyUser = { filters: { deleted: 'include' } } as const
    const page = await call(ctx.api, 'users.list', { ...everyUser, limit: 10 })
    expect(page.totalExact).toBe(false)
    expect(Math.abs(page.total - LARGE)).toBeLessThan(LARGE * 0.1)
    expect(await call(ctx.api, 'users.count', everyUser)).toEqual({ total: LARGE })
    // The live users' total, as the database keeps it: exact on every page.
    expect(await call(ctx.api, 'users.list', { limit: 10 })).toMatchObject({ total: LARGE, totalExact: true })
    // Read back from the end, the page's distance from the last row is exact even on an estimate.
    const nearEnd = await call(ctx.api, 'users.list', { ...everyUser, limit: 10, offset: page.total - 110 })
    expect(nearEnd).toMatchObject({ totalExact: false, offsetExact: false, rowsAfter: 100 })
    const [{ n: rowsAfter } = { n: -1 }] = await queryRows(
      ctx.test.database.db,
      z.object({ n: z.number() }),
      sql`select count(*)::int as n from users where name > ${nearEnd.rows.at(-1)!.name}`,
    )
    expect(rowsAfter).toBe(100)
    // A selective filter is counted exactly right away.
    const filtered = await call(ctx.api, 'users.list', { search: 'user1234@' })
    expect(filtered).toMatchObject({ total: 1, totalExact: true })
  })

  const countOf = async (where: ReturnType<typeof sql>) =>
    (await queryRows(ctx.test.database.db, z.object({ n: z.number() }), sql`select count(*)::int as n from pg_stat_activity where datname = current_database() and ${where}`))[0]!.n
  const runningSleeps = () => countOf(sql`state = 'active' and query like 'select pg_sleep%'`)
  const blockedBackends = () => countOf(sql`cardinality(pg_blocking_pids(pid)) > 0`)

  it('cancels a running query when a newer one with the same name arrives', async () => {
    const database = ctx.test.database
    const started = performance.now()
    // pg_sleep is the long-running query here, not a wait of the test's.
    const slow = runSuperseding(database, 'users-count', (db) => db.execute(sql`select pg_sleep(10)`)).catch((e: unknown) => e)
    await vi.waitFor(async () => expect(await runningSleeps()).toBe(1), { timeout: 10_000, interval: 20 })
    const newer = await runSuperseding(database, 'users-count', async (db) => queryRows(db, z.object({ n: z.number() }), sql`select 1 as n`))
    expect(newer).toEqual([{ n: 1 }])
    expect(await slow).toMatchObject({ code: 'cancelled' })
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('stops a query at the statement timeout with a sentence, not a hang', async () => {
    const error = await runSuperseding(ctx.test.database, 'slow', (db) => db.execute(sql`select pg_sleep(5)`), 200).catch((e: unknown) => e)
    expect(toApiError(error)).toEqual({ code: 'internal', message: 'The query took too long and was cancelled.' })
  })

  it('reports a superseded list call as cancelled through the API', async () => {
    // The first count is held at a table lock, so it is surely still running when the second arrives.
    const locker = postgres(ctx.test.url!, { max: 1, onnotice: () => {} })
    let unlock = async () => {}
    try {
      unlock = await holdTableLock(locker, 'users')
      const first = ctx.api.call('users.count', { supersede: 'grid-count', search: 'user' })
      await vi.waitFor(async () => expect(await blockedBackends()).toBe(1), { timeout: 10_000, interval: 20 })
      const second = call(ctx.api, 'users.count', { supersede: 'grid-count', filters: { isActive: true } })
      expect(await first).toMatchObject({ ok: false, error: { code: 'cancelled' } })
      await unlock()
      expect((await second).total).toBeGreaterThan(0)
    } finally {
      await unlock()
      await locker.end()
    }
    expect(await refused(ctx.api, 'users.count', { supersede: '' })).toMatchObject({ code: 'validation' })
  })
})

describe.each(engines)('deep pages of one agency’s users on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let agency = ''
  beforeAll(async () => {
    ctx = await openApi(engine)
    const { db } = ctx.test.database
    const [created] = await queryRows(db, z.object({ id: z.string() }), sql`insert into agencies (name) values ('Big') returning id`)
    agency = created!.id
    await seed(db, 6_000)
    // Every other user in the agency (a third of them inactive): past the 1,000 rows an offset skips in its index.
    await db.execute(sql`update users set agency_id = ${agency} where right(email, 12) = '@example.com' and split_part(email, '@', 1) ~ '[02468]$'`)
    await db.execute(sql`analyze users`)
  }, 120_000)
  afterAll(() => ctx?.close())

  it('reads an offset past 1,000 into the agency’s users exactly, in each order its index holds, again and again', async () => {
    const views = [
      { sort: 'email', filters: { agencyId: agency }, order: 'email', where: sql`true` },
      { sort: 'agencyName', filters: { agencyId: agency }, order: 'id', where: sql`true` },
      { sort: 'isActive', filters: { agencyId: agency, isActive: true }, order: 'id', where: sql`is_active` },
    ] as const
    for (const view of views) {
      for (const direction of ['asc', 'desc'] as const) {
        for (const offset of [1_500, 1_550, 1_001, 1_950]) {
          const label = `${view.sort} ${direction} ${offset}`
          const page = await call(ctx.api, 'users.list', { limit: 50, offset, sort: [{ column: view.sort, direction }], filters: view.filters })
          const dir = sql.raw(direction)
          const expected = await queryRows(
            ctx.test.database.db,
            z.object({ id: z.string() }),
            sql`select id from users where agency_id = ${agency} and deleted_at is null and ${view.where}
                order by ${sql.raw(view.order)} ${dir}, id ${dir} offset ${offset} limit 50`,
          )
          expect(page.rows.map((r) => r.id), label).toEqual(expected.map((r) => r.id))
          expect(page, label).toMatchObject({ offset, offsetExact: true, totalExact: true })
        }
      }
    }
  })
})
