import { drizzle } from 'drizzle-orm/postgres-js'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { queryRows, type RosterDb } from '../../../src/main/db/client'
import { countUsers, listUsers } from '../../../src/main/services/users'
import { userListQuery } from '../../../src/shared/schemas/users'
import { engines, seededDatabaseFor } from '../../support/databases'
import { explainableDatabaseFor, statistic } from '../../support/explain-page'

/**
 * 6,000 users over two agencies and two roles: "Wide" held by every second user, "Narrow" by every
 * tenth; every fiftieth user soft-deleted.
 */
async function seed(run: (text: string) => Promise<unknown>) {
  await run(`insert into agencies (name) values ('North'), ('South')`)
  await run(`insert into roles (name) values ('Wide'), ('Narrow')`)
  await run(`
    insert into users (email, name, agency_id)
    select 'user' || g || '@example.com', 'User ' || lpad(g::text, 5, '0'),
           (select id from agencies where name = case when g % 3 = 0 then 'South' else 'North' end)
    from generate_series(1, 6000) g`)
  await run(`
    insert into user_roles (user_id, role_id)
    select u.id, r.id from users u cross join roles r
    where (r.name = 'Wide' and substr(u.name, 6)::int % 2 = 0) or (r.name = 'Narrow' and substr(u.name, 6)::int % 10 = 0)`)
  await run(`update users set deleted_at = now() where substr(name, 6)::int % 50 = 0`)
  await run('analyze')
}

const idOf = async (db: RosterDb, table: 'agencies' | 'roles', name: string) =>
  (await queryRows(db, z.object({ id: z.string() }), sql`select id from ${sql.identifier(table)} where name = ${name}`))[0]!.id

const counted = async (db: RosterDb, where: string) =>
  (await queryRows(db, z.object({ n: z.coerce.number() }), sql.raw(`select count(*) as n from users u where u.deleted_at is null and ${where}`)))[0]!.n

describe.each(engines)('the totals the database keeps, on %s', (engine) => {
  const seeded = seededDatabaseFor(engine, (db) => seed((text) => queryRows(db, z.unknown(), sql.raw(text))))

  it('give the live users of one role, of one agency and of several agencies, exact, as counted', async () => {
    const db = seeded()
    const [wide, north, south] = [await idOf(db, 'roles', 'Wide'), await idOf(db, 'agencies', 'North'), await idOf(db, 'agencies', 'South')]
    const views = [
      { filters: { roleId: { op: 'anyOf', values: [wide] } }, where: `exists (select 1 from user_roles ur where ur.user_id = u.id and ur.role_id = '${wide}')` },
      { filters: { agencyId: north }, where: `u.agency_id = '${north}'` },
      { filters: { agencyId: { op: 'anyOf', values: [north, south, north] } }, where: `u.agency_id in ('${north}', '${south}')` },
      { filters: {}, where: 'true' },
      { filters: { agencyId: 'none' }, where: 'u.agency_id is null' },
      { filters: { agencyName: { op: 'empty' } }, where: 'u.agency_id is null' },
    ]
    for (const view of views) {
      const query = userListQuery.parse({ filters: view.filters, limit: 100 })
      const expected = await counted(db, view.where)
      expect(await listUsers(db, query), JSON.stringify(view.filters)).toMatchObject({ total: expected, totalExact: true })
      expect(await countUsers(db, query)).toBe(expected)
    }
  })

  it('are what a view of one role or agency reports, not a count of its users', async () => {
    const db = seeded()
    const [narrow, south] = [await idOf(db, 'roles', 'Narrow'), await idOf(db, 'agencies', 'South')]
    const byRole = userListQuery.parse({ filters: { roleId: { op: 'anyOf', values: [narrow] } }, limit: 100 })
    const byAgency = userListQuery.parse({ filters: { agencyId: south }, limit: 100 })
    const [all, ofNone] = [userListQuery.parse({ limit: 100 }), userListQuery.parse({ filters: { agencyId: 'none' }, limit: 100 })]
    const totalOf = async (query: typeof all) => (await listUsers(db, query)).total
    const [roleTotal, agencyTotal, allTotal, noneTotal] = [await totalOf(byRole), await totalOf(byAgency), await totalOf(all), await totalOf(ofNone)]
    // A change row no user stands behind: only a total read from the kept counts moves with it.
    await queryRows(db, z.unknown(), sql`insert into role_assignment_counts (role_id, delta) values (${narrow}, 1000)`)
    await queryRows(db, z.unknown(), sql`insert into agency_user_counts (agency_id, delta) values (${south}, 1000), (null, 1000)`)
    try {
      expect(await listUsers(db, byRole)).toMatchObject({ total: roleTotal + 1000, totalExact: true })
      expect(await countUsers(db, byAgency)).toBe(agencyTotal + 1000)
      expect(await listUsers(db, all)).toMatchObject({ total: allTotal + 2000, totalExact: true })
      expect(await countUsers(db, ofNone)).toBe(noneTotal + 1000)
      // Any other filter beside them: counted.
      const activeOfRole = userListQuery.parse({ filters: { roleId: { op: 'anyOf', values: [narrow] }, isActive: true }, limit: 100 })
      expect((await listUsers(db, activeOfRole)).total).toBe(roleTotal)
    } finally {
      await queryRows(db, z.unknown(), sql`delete from role_assignment_counts where delta = 1000`)
      await queryRows(db, z.unknown(), sql`delete from agency_user_counts where delta = 1000`)
    }
  })
})

describe('a walk of a role view on postgres', () => {
  const explained = explainableDatabaseFor((client) => seed((text) => client.unsafe(text)))

  /** Assignments read so far, by a scan of user_roles or of its indexes: the server's statistics for the client's one backend, flushed first. */
  const assignmentsRead = () =>
    statistic(
      explained(),
      (sql) => sql<{ n: string }[]>`select seq_tup_read + (select sum(idx_tup_read) from pg_stat_user_indexes i where i.relid = t.relid) as n
        from pg_stat_user_tables t where relname = 'user_roles'`,
    )

  it('probes each row it reads for the role, never reading every holder of it: by email, and walking the agencies by name', async () => {
    const db = drizzle(explained())
    const [row] = await explained()<{ id: string }[]>`select id from roles where name = 'Wide'`
    for (const [column, order] of [['email', 'u.email, u.id'], ['agencyName', 'a.name, u.id']] as const) {
      // 2,940 live holders of 5,880: dense enough to walk the sort's order (about 200 rows for a page).
      const query = userListQuery.parse({ sort: [{ column, direction: 'asc' }], filters: { roleId: { op: 'anyOf', values: [row!.id] } }, limit: 100 })
      // PostgreSQL hashed the holders for such a walk at 1M users (40,000 of them against a walk
      // capped at 10,051 rows); at this size it would take a nested loop, so those are turned off to
      // stand for that choice: only the walk's own per-row probe is left then.
      await explained()`set enable_nestloop = off`
      const before = await assignmentsRead()
      const page = await listUsers(db, query).finally(() => explained()`reset enable_nestloop`)
      const read = (await assignmentsRead()) - before
      const [expected] = await explained()<{ ids: string[] }[]>`select array_agg(id) as ids from (select u.id from users u
        left join agencies a on a.id = u.agency_id
        where u.deleted_at is null and exists (select 1 from user_roles ur where ur.user_id = u.id and ur.role_id = ${row!.id})
        order by ${explained().unsafe(order)} limit 100) p`
      expect(page.rows.map((r) => r.id), column).toEqual(expected!.ids)
      // A probe per row walked (and the page's own roles), not the role's 3,000 holders hashed or joined.
      expect(read, column).toBeLessThan(1_000)
    }
  })
})
