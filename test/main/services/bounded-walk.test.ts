import { drizzle } from 'drizzle-orm/postgres-js'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { queryRows, type RosterDb } from '../../../src/main/db/client'
import { listUsers } from '../../../src/main/services/users'
import { userListQuery } from '../../../src/shared/schemas/users'
import { bulkFill } from '../../support/bulk-fill'
import { engines, seededDatabaseFor } from '../../support/databases'
import { explainableDatabaseFor, explainLastPage, rowsRead, statistic } from '../../support/explain-page'

/**
 * 30,000 users: the first 8,000 in agency "Late" with emails after every other (bunched at the end
 * of the email order), the rest spread over four agencies in turn (evenly along it). Each agency
 * is a view of dense matches (18–27 % of the table, read matches first by the 50,000 rule).
 */
const USERS = 30_000
const LATE = 8_000

async function seed(run: (text: string) => Promise<unknown>) {
  await run(`insert into agencies (name) values ('Late'), ('Agency 1'), ('Agency 2'), ('Agency 3'), ('Agency 4')`)
  await bulkFill(run as (text: string) => Promise<readonly unknown[]>, 'users', () =>
    run(`
      insert into users (email, name, agency_id)
      select case when g <= ${LATE} then 'zz' else '' end || md5(g::text) || '@example.com', 'User ' || g,
             (select id from agencies where name = case when g <= ${LATE} then 'Late' else 'Agency ' || (1 + g % 4) end)
      from generate_series(1, ${USERS}) g`),
  )
  await run('analyze')
}

const agencyId = async (db: RosterDb, name: string) =>
  (await queryRows(db, z.object({ id: z.string() }), sql`select id from agencies where name = ${name}`))[0]!.id

/** The view as one ORDER BY: what every way of reading it must agree with. */
const expectedIds = (db: RosterDb, agency: string, direction: 'asc' | 'desc', offset: number, limit: number) =>
  queryRows(
    db,
    z.object({ id: z.string() }),
    sql`select id from users where agency_id = ${agency} and deleted_at is null
        order by email ${sql.raw(direction)}, id ${sql.raw(direction)} offset ${offset} limit ${limit}`,
  ).then((rows) => rows.map((r) => r.id))

describe.each(engines)('a view of dense matches on %s', (engine) => {
  const seeded = seededDatabaseFor(engine, (db) => seed((text) => queryRows(db, z.unknown(), sql.raw(text))))

  it('gives the same pages as one ORDER BY, from the start, an offset and a cursor, matches spread or bunched', async () => {
    const db = seeded()
    for (const name of ['Agency 2', 'Late']) {
      const agency = await agencyId(db, name)
      for (const direction of ['asc', 'desc'] as const) {
        // A list of one, so the view is walked or sorted (one agency's users have an index of their own).
        const input = userListQuery.parse({ sort: [{ column: 'email', direction }], filters: { agencyId: { op: 'anyOf', values: [agency] } }, limit: 100 })
        const first = await listUsers(db, input)
        expect(first.rows.map((r) => r.id), `${name} ${direction}`).toEqual(await expectedIds(db, agency, direction, 0, 100))
        const next = await listUsers(db, { ...input, after: first.nextCursor })
        expect(next.rows.map((r) => r.id), `${name} ${direction} after`).toEqual(await expectedIds(db, agency, direction, 100, 100))
        const offset = await listUsers(db, { ...input, offset: 250 })
        expect(offset.rows.map((r) => r.id), `${name} ${direction} offset`).toEqual(await expectedIds(db, agency, direction, 250, 100))
        expect(offset).toMatchObject({ offset: 250, offsetExact: true, totalExact: true })
      }
    }
  })

  it('seeks a deep position of dense matches as in a large view: a sampled key, then the rows after it in order', async () => {
    const db = seeded()
    const two = [await agencyId(db, 'Agency 1'), await agencyId(db, 'Agency 2')]
    const input = userListQuery.parse({ sort: [{ column: 'email', direction: 'asc' }], filters: { agencyId: { op: 'anyOf', values: two } }, limit: 50 })
    const deep = await listUsers(db, { ...input, offset: 5_500 })
    expect(deep).toMatchObject({ total: 11_000, totalExact: true, offset: 5_500, offsetExact: false })
    const all = await queryRows(
      db,
      z.object({ id: z.string() }),
      sql`select id from users where agency_id in (${sql.join(two.map((id) => sql`${id}`), sql`, `)}) order by email, id`,
    )
    const at = all.findIndex((r) => r.id === deep.rows[0]!.id)
    // Within 5 % of the view from the position asked for, and the page the rows that follow there.
    expect(Math.abs(at - 5_500)).toBeLessThan(550)
    expect(deep.rows.map((r) => r.id)).toEqual(all.slice(at, at + 50).map((r) => r.id))
  })
})

describe('a view of dense matches on postgres, explained', () => {
  const explained = explainableDatabaseFor((client) => seed((text) => client.unsafe(text)))

  /**
   * Rows of `users` the last page statement read, whether it sorted more than a page's worth, and
   * whether it looked rows up by id (read the page's rows a second time).
   */
  async function usersReadByLastPage(values: unknown[]): Promise<{ usersRead: number; sorted: boolean; byId: boolean }> {
    const nodes = await explainLastPage(explained(), values)
    return {
      usersRead: rowsRead(nodes, 'users'),
      sorted: nodes.some((n) => n['Node Type'] === 'Sort' && n['Actual Rows'] > 1_000),
      byId: nodes.some((n) => n['Index Name'] === 'users_pkey'),
    }
  }

  it('finds the first page of evenly spread matches by walking the sort’s index a little way in one pass, not by sorting all 5,500', async () => {
    const db = drizzle(explained())
    const [row] = await explained()<{ id: string }[]>`select id from agencies where name = 'Agency 2'`
    const agency = row!.id
    // A list of one, as above.
    const filters = { agencyId: { op: 'anyOf', values: [agency] } }
    const page = await listUsers(db, userListQuery.parse({ sort: [{ column: 'email', direction: 'asc' }], filters, limit: 100 }))
    expect(page.rows).toHaveLength(100)
    // The page's statement: the walk's cap (four times the ~545 rows an even spread needs), then the agency.
    const { usersRead, sorted, byId } = await usersReadByLastPage([2_182, agency])
    expect(sorted).toBe(false)
    // One pass: the walk's rows are the page's, not ids to read again.
    expect(byId).toBe(false)
    expect(usersRead).toBeGreaterThanOrEqual(100)
    expect(usersRead).toBeLessThan(2_182 + 200)
  })

  /** Entries of users_name_idx read so far: the server's statistics, flushed first. */
  const nameIndexReads = () => statistic(explained(), (sql) => sql<{ n: string }[]>`select idx_tup_read as n from pg_stat_user_indexes where indexrelname = 'users_name_idx'`)

  it('looks for matches bunched in the sort order only a page’s worth from its start: names starting with "User 1" by name, descending', async () => {
    const db = drizzle(explained())
    // 11,111 users ("User 1", "User 10"–"User 19", …), dense enough to walk a capped 1,080 rows for
    // if spread evenly, but all at the far end of the descending name order, after 18,889 others.
    const query = { sort: [{ column: 'name', direction: 'desc' }], filters: { name: { op: 'startsWith', value: 'User 1' } }, limit: 100 }
    const before = await nameIndexReads()
    const page = await listUsers(db, userListQuery.parse(query))
    const walked = (await nameIndexReads()) - before
    const [expected] = await explained()<{ ids: string[] }[]>`select array_agg(id) as ids from (select id from users
      where name ilike 'User 1%' and deleted_at is null order by name desc, id desc limit 100) p`
    expect(page.rows.map((r) => r.id)).toEqual(expected!.ids)
    expect(walked).toBeLessThanOrEqual(200)

    // From a key among them (the next page's cursor), the next ones lie right there: a walk of a page.
    const after = await nameIndexReads()
    const next = await listUsers(db, userListQuery.parse({ ...query, after: page.nextCursor }))
    expect(next.rows).toHaveLength(100)
    expect(next.rows.every((r) => r.name.startsWith('User 1'))).toBe(true)
    const walkedOn = (await nameIndexReads()) - after
    expect(walkedOn).toBeGreaterThanOrEqual(100)
    expect(walkedOn).toBeLessThanOrEqual(200)
  })
})
