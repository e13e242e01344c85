import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { queryRows } from '../../../src/main/db/client'
import { call, openApi } from '../../support/api'
import { overlappingWrites } from '../../support/concurrent-writes'
import { engines } from '../../support/databases'

describe.each(engines)('role holder counts kept by triggers on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  const roleIds: Record<string, string> = {}
  const run = (query: ReturnType<typeof sql>) => ctx.test.database.db.execute(query)

  /** Each role's count as the triggers keep it, the assignments counted one by one, and its rows of changes. */
  const kept = () =>
    queryRows(
      ctx.test.database.db,
      z.object({ name: z.string(), kept: z.coerce.number(), counted: z.coerce.number(), rows: z.coerce.number() }),
      sql`select r.name,
                 (select coalesce(sum(delta), 0) from role_assignment_counts c where c.role_id = r.id) as kept,
                 (select count(*) from user_roles ur join users u on u.id = ur.user_id where ur.role_id = r.id and u.deleted_at is null) as counted,
                 (select count(*) from role_assignment_counts c where c.role_id = r.id) as rows
          from roles r order by r.name`,
    )
  const expectKeptRight = async () => {
    for (const role of await kept()) expect(role, role.name).toMatchObject({ kept: role.counted })
  }
  const holders = async () => Object.fromEntries((await call(ctx.api, 'roles.list', { fresh: true })).rows.map((r) => [r.name, r.userCount]))

  beforeAll(async () => {
    ctx = await openApi(engine)
    const names = ['Admin', 'Editor', 'Viewer']
    const saved = await call(ctx.api, 'roles.save', { inserts: names.map((name) => ({ clientId: name, name })) })
    saved.inserted.forEach(({ id }, i) => (roleIds[names[i]!] = id))
    await run(sql`insert into users (email, name) select 'bulk' || g || '@example.com', 'Bulk ' || g from generate_series(1, 40) g`)
  })
  afterAll(() => ctx?.close())

  it('follows saves, soft deletes and restores, and every kind of statement on the assignments', async () => {
    const { inserted } = await call(ctx.api, 'users.save', {
      inserts: [
        { clientId: 'a', name: 'Ann', email: 'ann@example.com', roleIds: [roleIds.Admin!, roleIds.Editor!] },
        { clientId: 'b', name: 'Bob', email: 'bob@example.com', roleIds: [roleIds.Editor!] },
      ],
    })
    expect(await holders()).toEqual({ Admin: 1, Editor: 2, Viewer: 0 })
    const ann = (await call(ctx.api, 'users.list', { search: 'ann@' })).rows[0]!
    await call(ctx.api, 'users.save', { updates: [{ id: ann.id, updatedAt: ann.updatedAt, changes: { roleIds: [roleIds.Viewer!] } }] })
    expect(await holders()).toEqual({ Admin: 0, Editor: 1, Viewer: 1 })
    // A soft-deleted user keeps the assignment (for a restore) but is not counted.
    await call(ctx.api, 'users.save', { deletes: [{ id: inserted[1]!.id }] })
    expect(await holders()).toEqual({ Admin: 0, Editor: 0, Viewer: 1 })
    await call(ctx.api, 'users.save', { restores: [{ id: inserted[1]!.id }] })
    expect(await holders()).toEqual({ Admin: 0, Editor: 1, Viewer: 1 })

    // Statements of many rows, as an import or psql writes them.
    await run(sql`insert into user_roles (user_id, role_id) select u.id, r.id from users u cross join roles r where u.email like 'bulk%'`)
    expect(await holders()).toEqual({ Admin: 40, Editor: 41, Viewer: 41 })
    await run(sql`delete from user_roles where role_id = ${roleIds.Admin} and user_id in (select id from users where email like 'bulk1%')`)
    await run(sql`update user_roles set role_id = ${roleIds.Admin} where role_id = ${roleIds.Viewer} and user_id in (select id from users where email like 'bulk2%')
                  and user_id not in (select user_id from user_roles where role_id = ${roleIds.Admin})`)
    await expectKeptRight()
    expect(await holders()).toEqual(Object.fromEntries((await kept()).map((r) => [r.name, r.counted])))
    // Hard-deleting users takes their assignments with them (the foreign key cascades).
    await run(sql`delete from users where email like 'bulk3%'`)
    await expectKeptRight()
  })

  it('counts live holders only, through soft deletes, restores and hard deletes of many users at once', async () => {
    const bulk5 = sql`(select id from users where email like 'bulk5%')`
    await run(sql`update users set deleted_at = now() where id in ${bulk5}`)
    await expectKeptRight()
    // Assignments given to, changed on and taken from users while they are soft-deleted count nothing.
    await run(sql`insert into user_roles (user_id, role_id) select u.id, ${roleIds.Viewer} from users u where u.id in ${bulk5} on conflict do nothing`)
    await run(sql`update user_roles set role_id = ${roleIds.Admin} where role_id = ${roleIds.Editor} and user_id in ${bulk5}
                  and user_id not in (select user_id from user_roles where role_id = ${roleIds.Admin})`)
    await run(sql`delete from user_roles where role_id = ${roleIds.Viewer} and user_id = (select id from users where email = 'bulk5@example.com')`)
    await expectKeptRight()
    await run(sql`update users set deleted_at = null where email like 'bulk5%' and email <> 'bulk50@example.com'`)
    await expectKeptRight()
    // Hard deletes of soft-deleted users (a purge) and of live ones, in one statement.
    await run(sql`delete from users where email in ('bulk50@example.com', 'bulk51@example.com')`)
    await expectKeptRight()
    expect(await holders()).toEqual(Object.fromEntries((await kept()).map((r) => [r.name, r.counted])))
  })

  it('keeps one row per role for saves made one after another, and none for a deleted role', async () => {
    for (let i = 0; i < 12; i++) {
      const toggled = i % 2 === 0 ? sql`insert into user_roles (user_id, role_id) select id, ${roleIds.Viewer} from users where email = 'bulk4@example.com' on conflict do nothing`
        : sql`delete from user_roles where role_id = ${roleIds.Viewer} and user_id = (select id from users where email = 'bulk4@example.com')`
      await run(toggled)
    }
    await expectKeptRight()
    expect((await kept()).find((r) => r.name === 'Viewer')?.rows).toBeLessThanOrEqual(1)
    await call(ctx.api, 'roles.save', { deletes: [{ id: roleIds.Editor! }] })
    const [left] = await queryRows(ctx.test.database.db, z.object({ n: z.coerce.number() }), sql`select count(*) as n from role_assignment_counts where role_id = ${roleIds.Editor}`)
    expect(left?.n).toBe(0)
    await expectKeptRight()
  })

  it('starts over when the assignments are emptied', async () => {
    await run(sql`truncate user_roles`)
    expect((await kept()).map((r) => [r.kept, r.rows])).toEqual([
      [0, 0],
      [0, 0],
    ])
    expect(await holders()).toEqual({ Admin: 0, Viewer: 0 })
  })

})

// Two connections at once: PostgreSQL only (an embedded PGlite serves one at a time).
describe('role holder counts under concurrent saves on postgres', () => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let admin: string
  const kept = async () => {
    const [row] = await queryRows(
      ctx.test.database.db,
      z.object({ kept: z.coerce.number(), counted: z.coerce.number(), rows: z.coerce.number() }),
      sql`select (select coalesce(sum(delta), 0) from role_assignment_counts where role_id = ${admin}) as kept,
                 (select count(*) from user_roles where role_id = ${admin}) as counted,
                 (select count(*) from role_assignment_counts where role_id = ${admin}) as rows`,
    )
    return row!
  }

  beforeAll(async () => {
    ctx = await openApi('postgres')
    admin = (await call(ctx.api, 'roles.save', { inserts: [{ clientId: 'a', name: 'Admin' }] })).inserted[0]!.id
    await ctx.test.database.db.execute(sql`insert into users (email, name) select 'bulk' || g || '@example.com', 'Bulk ' || g from generate_series(1, 40) g`)
    await ctx.test.database.db.execute(sql`insert into user_roles (user_id, role_id) select id, ${admin} from users where email like 'bulk1%'`)
  })
  afterAll(() => ctx?.close())

  it('lets two open transactions assign the same role without waiting, and forgets a rolled-back one', async () => {
    await overlappingWrites(ctx.test.url!, {
      open: (tx) => tx`insert into user_roles (user_id, role_id) select id, ${admin} from users where email like 'bulk2%'`,
      alongside: (tx) => tx`insert into user_roles (user_id, role_id) select id, ${admin} from users where email = 'bulk5@example.com'`,
      rolledBack: (tx) => tx`insert into user_roles (user_id, role_id) select id, ${admin} from users where email = 'bulk6@example.com'`,
    })
    // bulk1 and bulk10–19, bulk2 and bulk20–29, bulk5; not bulk6, rolled back.
    expect(await kept()).toMatchObject({ kept: 23, counted: 23 })
    expect((await kept()).rows).toBeLessThanOrEqual(3)
  })
})
