import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryRows } from '../../../src/main/db/client'
import { call, openApi } from '../../support/api'
import { overlappingWrites } from '../../support/concurrent-writes'
import { engines } from '../../support/databases'

type Context = Awaited<ReturnType<typeof openApi>>

/** Each agency's live users as the triggers keep them, counted one by one, and its rows of changes. */
const keptOf = (ctx: Context) =>
  queryRows(
    ctx.test.database.db,
    z.object({ name: z.string(), kept: z.coerce.number(), counted: z.coerce.number(), rows: z.coerce.number() }),
    sql`select a.name,
               (select coalesce(sum(delta), 0) from agency_user_counts c where c.agency_id = a.id) as kept,
               (select count(*) from users u where u.agency_id = a.id and u.deleted_at is null) as counted,
               (select count(*) from agency_user_counts c where c.agency_id = a.id) as rows
        from agencies a order by a.name`,
  )

/** The live users of no agency as the triggers keep them, counted one by one, and the rows of changes kept for them. */
const keptOfNone = async (ctx: Context) =>
  (
    await queryRows(
      ctx.test.database.db,
      z.object({ kept: z.coerce.number(), counted: z.coerce.number(), rows: z.coerce.number() }),
      sql`select (select coalesce(sum(delta), 0) from agency_user_counts where agency_id is null) as kept,
                 (select count(*) from users where agency_id is null and deleted_at is null) as counted,
                 (select count(*) from agency_user_counts where agency_id is null) as rows`,
    )
  )[0]!

async function addAgencies(ctx: Context, names: string[]): Promise<Record<string, string>> {
  const saved = await call(ctx.api, 'agencies.save', { inserts: names.map((name) => ({ clientId: name, name })) })
  return Object.fromEntries(saved.inserted.map(({ id }, i) => [names[i]!, id]))
}

describe.each(engines)('agency user counts kept by triggers on %s', (engine) => {
  let ctx: Context
  let agencyIds: Record<string, string>
  const run = (query: ReturnType<typeof sql>) => ctx.test.database.db.execute(query)
  const kept = () => keptOf(ctx)
  const expectKeptRight = async () => {
    for (const agency of await kept()) expect(agency, agency.name).toMatchObject({ kept: agency.counted })
    const none = await keptOfNone(ctx)
    expect(none, 'of no agency').toMatchObject({ kept: none.counted })
  }
  /** The agencies page's counts, by name and sorted by Users (the two ways the page reads them). */
  const shown = async () => {
    const byName = (await call(ctx.api, 'agencies.list', { fresh: true })).rows
    const byCount = (await call(ctx.api, 'agencies.list', { fresh: true, sort: [{ column: 'userCount', direction: 'desc' }] })).rows
    expect(byCount.map((a) => a.userCount)).toEqual(byName.map((a) => a.userCount).sort((x, y) => y - x))
    return Object.fromEntries(byName.map((a) => [a.name, a.userCount]))
  }
  const rowCount = async () =>
    (await queryRows(ctx.test.database.db, z.object({ n: z.coerce.number() }), sql`select count(*) as n from agency_user_counts`))[0]!.n

  beforeAll(async () => {
    ctx = await openApi(engine)
    agencyIds = await addAgencies(ctx, ['North', 'South', 'West'])
  })
  afterAll(() => ctx?.close())

  it('follows saves, moves, soft deletes and restores, and every kind of statement on users', async () => {
    const { inserted } = await call(ctx.api, 'users.save', {
      inserts: [
        { clientId: 'a', name: 'Ann', email: 'ann@example.com', agencyId: agencyIds.North! },
        { clientId: 'b', name: 'Bob', email: 'bob@example.com', agencyId: agencyIds.North! },
        { clientId: 'c', name: 'Cai', email: 'cai@example.com', agencyId: null },
      ],
    })
    expect(await shown()).toEqual({ North: 2, South: 0, West: 0 })
    expect(await keptOfNone(ctx)).toMatchObject({ kept: 1, counted: 1 })
    const list = async () => Object.fromEntries((await call(ctx.api, 'users.list', { fresh: true })).rows.map((u) => [u.name, u]))
    const ann = (await list()).Ann!
    await call(ctx.api, 'users.save', { updates: [{ id: ann.id, updatedAt: ann.updatedAt, changes: { agencyId: agencyIds.South! } }] })
    expect(await shown()).toEqual({ North: 1, South: 1, West: 0 })
    // Editing what no count depends on writes no row of changes.
    const rowsBefore = await rowCount()
    const bob = (await list()).Bob!
    await call(ctx.api, 'users.save', { updates: [{ id: bob.id, updatedAt: bob.updatedAt, changes: { name: 'Bobby', isActive: false } }] })
    expect(await rowCount()).toBe(rowsBefore)
    // A soft-deleted user is not counted; restored, it is again.
    await call(ctx.api, 'users.save', { deletes: [{ id: inserted[1]!.id }] })
    expect(await shown()).toEqual({ North: 0, South: 1, West: 0 })
    await call(ctx.api, 'users.save', { restores: [{ id: inserted[1]!.id }] })
    expect(await shown()).toEqual({ North: 1, South: 1, West: 0 })

    // Statements of many rows, as an import or psql writes them; deleted users inserted are not counted.
    await run(sql`insert into users (email, name, agency_id, deleted_at)
                  select 'bulk' || g || '@example.com', 'Bulk ' || g, ${agencyIds.West}, case when g % 10 = 0 then now() end
                  from generate_series(1, 40) g`)
    expect(await shown()).toEqual({ North: 1, South: 1, West: 36 })
    await run(sql`update users set agency_id = ${agencyIds.North} where email like 'bulk1%'`)
    await run(sql`update users set deleted_at = now() where email like 'bulk2%'`)
    await run(sql`update users set agency_id = null where email like 'bulk3%'`)
    await run(sql`delete from users where email like 'bulk4%'`)
    await expectKeptRight()
    expect(await shown()).toEqual(Object.fromEntries((await kept()).map((a) => [a.name, a.counted])))
  })

  it('keeps one row per agency for saves made one after another, and none for a deleted agency', async () => {
    const [east] = Object.values(await addAgencies(ctx, ['East']))
    for (let i = 0; i < 12; i++) {
      const moved = i % 2 === 0 ? east : agencyIds.West
      await run(sql`update users set agency_id = ${moved} where email = 'bulk5@example.com'`)
    }
    await expectKeptRight()
    expect((await kept()).find((a) => a.name === 'West')?.rows).toBeLessThanOrEqual(1)
    // Hard-deleted (as psql may): its rows go with it, though users came and went.
    await run(sql`delete from agencies where id = ${east}`)
    const [left] = await queryRows(ctx.test.database.db, z.object({ n: z.coerce.number() }), sql`select count(*) as n from agency_user_counts where agency_id = ${east}`)
    expect(left?.n).toBe(0)
    await expectKeptRight()
  })

  it('starts over when the users are emptied', async () => {
    await run(sql`truncate users cascade`)
    expect(await rowCount()).toBe(0)
    expect(await shown()).toEqual({ North: 0, South: 0, West: 0 })
  })
})

// Two connections at once: PostgreSQL only (an embedded PGlite serves one at a time).
describe('agency user counts under concurrent saves on postgres', () => {
  let ctx: Context
  let north: string

  beforeAll(async () => {
    ctx = await openApi('postgres')
    north = (await addAgencies(ctx, ['North'])).North!
    await ctx.test.database.db.execute(sql`insert into users (email, name) select 'bulk' || g || '@example.com', 'Bulk ' || g from generate_series(1, 40) g`)
    await ctx.test.database.db.execute(sql`update users set agency_id = ${north} where email like 'bulk1%'`)
  })
  afterAll(() => ctx?.close())

  it('lets two open transactions add users to the same agency without waiting, and forgets a rolled-back one', async () => {
    await overlappingWrites(ctx.test.url!, {
      open: (tx) => tx`update users set agency_id = ${north} where email like 'bulk2%'`,
      alongside: (tx) => tx`update users set agency_id = ${north} where email = 'bulk5@example.com'`,
      rolledBack: (tx) => tx`update users set agency_id = ${north} where email = 'bulk6@example.com'`,
    })
    // bulk1 and bulk10–19, bulk2 and bulk20–29, bulk5; not bulk6, rolled back.
    const [kept] = await keptOf(ctx)
    expect(kept).toMatchObject({ kept: 23, counted: 23 })
    expect(kept!.rows).toBeLessThanOrEqual(3)
    // The 17 left in no agency, their count changed by the same transactions.
    expect(await keptOfNone(ctx)).toMatchObject({ kept: 17, counted: 17 })
    expect((await keptOfNone(ctx)).rows).toBeLessThanOrEqual(3)
  })
})
