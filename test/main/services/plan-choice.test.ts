import { drizzle } from 'drizzle-orm/postgres-js'
import type postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listUsers } from '../../../src/main/services/users'
import { userListQuery, type UserListQuery } from '../../../src/shared/schemas/users'
import { bulkFill } from '../../support/bulk-fill'
import { explainableDatabase, explainLastPage, rowsRead, usersIndexReads, vacuumAllVisible, type PlanNode } from '../../support/explain-page'

/** Users one agency holds, all of them last in email order: the layout that traps an index walk. */
const USERS = 60_000
const LATE = 3_000
/** Rows an index walk may discard for a selective filter: far fewer than the table holds. */
const DISCARD_BOUND = 2_000

describe('plan choice on postgres: a selective filter with an unrelated sort', () => {
  let database: Awaited<ReturnType<typeof explainableDatabase>>
  let client: postgres.Sql
  let late: string

  beforeAll(async () => {
    database = await explainableDatabase()
    client = database.client
    await client`insert into agencies (name) select 'Agency ' || g from generate_series(1, 100) g`
    ;[{ id: late }] = await client`insert into agencies (name) values ('Late') returning id`
    await bulkFill(
      (text) => client.unsafe(text),
      'users',
      () => client`
        insert into users (email, name, agency_id, is_active)
        select case when g <= ${LATE} then 'zz' else 'a' end || md5(g::text) || '@example.com', 'User ' || g,
               case when g <= ${LATE} then ${late}::uuid when g % 97 = 0 then null
                    else (select id from agencies where name = 'Agency ' || (1 + g % 100)) end,
               g % 9 <> 0
        from generate_series(1, ${USERS}::int) g`,
    )
    await client`analyze`
  }, 120_000)
  afterAll(async () => {
    await database?.close()
  })

  /** Lists through the service, then explains (analyzed) the page statement it prepared. */
  async function listAndExplain(input: UserListQuery, values: unknown[]) {
    const page = await listUsers(drizzle(client), userListQuery.parse(input))
    return { page, nodes: await explainLastPage(client, values) }
  }

  /**
   * A deep page of a view its index holds in order: the offset skipped in that index alone (the
   * keys of the row there, entries only), then the page read from there in the same index, its
   * rows once each: nothing sorted, no row looked up again by primary key.
   */
  function expectSeekFromOffset(nodes: PlanNode[], index: string, offset: number, limit: number, label: string) {
    const inIndex = nodes.filter((n) => n['Index Name'] === index)
    const skipped = inIndex.find((n) => n['Node Type'] === 'Index Only Scan')
    expect(skipped, label).toMatchObject({ 'Heap Fetches': 0 })
    expect(skipped!['Actual Rows'] * skipped!['Actual Loops'], label).toBeLessThanOrEqual(offset + 1)
    const page = inIndex.find((n) => n['Node Type'] === 'Index Scan')
    expect(page!['Actual Rows'] * page!['Actual Loops'], label).toBeLessThanOrEqual(limit)
    expect(nodes.filter((n) => n['Node Type'] === 'Sort' || n['Index Name'] === 'users_pkey'), label).toEqual([])
  }

  it('reads the agency’s users first instead of walking the email index past the rest', async () => {
    const { page, nodes } = await listAndExplain(
      { sort: [{ column: 'email', direction: 'asc' }], filters: { agencyId: late }, limit: 100 },
      [late],
    )
    expect(page.rows).toHaveLength(100)
    expect(page.rows.every((r) => r.agencyId === late)).toBe(true)
    expect(page.rows.map((r) => r.email)).toEqual(page.rows.map((r) => r.email).sort())
    expect(page).toMatchObject({ total: LATE, totalExact: true })
    for (const node of nodes.filter((n) => n['Node Type'].startsWith('Index'))) {
      expect(node['Rows Removed by Filter'] ?? 0, `${node['Node Type']} on ${node['Index Name']}`).toBeLessThan(DISCARD_BOUND)
    }
    expect(nodes.some((n) => n['Index Name'] === 'users_email_idx')).toBe(false)
  })

  it('reads a deep position of those few matches as an offset into them, in order', async () => {
    const input: UserListQuery = { sort: [{ column: 'email', direction: 'desc' }], filters: { agencyId: { op: 'anyOf', values: [late] } }, limit: 20 }
    const deep = await listUsers(drizzle(client), userListQuery.parse({ ...input, offset: 1_500 }))
    expect(deep).toMatchObject({ offset: 1_500, offsetExact: true })
    const expected = await client`select id from users where agency_id = ${late} order by email desc, id desc offset 1500 limit 20`
    expect(deep.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id))
  })

  it('reads one agency’s users by email, or those of none by name, in the order of the agency’s own index: a deep page costs its offset in entries and a seek, never a sort of all', async () => {
    await vacuumAllVisible(client)
    const views = [
      { what: 'one agency by email', filters: { agencyId: late }, column: 'email', where: `agency_id = '${late}'`, index: 'users_agency_email_idx', values: [late] },
      { what: 'active of none by name', filters: { agencyName: { op: 'empty' }, isActive: true }, column: 'name', where: 'agency_id is null and is_active', index: 'users_agency_name_idx', values: [true] },
    ] as const
    for (const view of views) {
      for (const direction of ['asc', 'desc'] as const) {
        const offset = 300
        const input: UserListQuery = { sort: [{ column: view.column, direction }], filters: view.filters, limit: 20, offset }
        const page = await listUsers(drizzle(client), userListQuery.parse(input))
        const label = `${view.what} ${direction}`
        const expected = await client.unsafe(
          `select id from users where ${view.where} and deleted_at is null order by ${view.column} ${direction}, id ${direction} offset ${offset} limit 20`,
          [],
          { prepare: false },
        )
        expect(page.rows.map((r) => r.id), label).toEqual(expected.map((r) => r.id))
        // The filters are bound for the page and again for the row at the offset.
        expectSeekFromOffset(await explainLastPage(client, [...view.values, ...view.values, offset]), view.index, offset, 20, label)
      }
    }
  })

  it('walks the agencies in name order for a sort by agency name, reading a few agencies’ users, not the whole join', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      // The filter is bound once for the agencies' users and once for the users of none.
      const input: UserListQuery = { sort: [{ column: 'agencyName', direction }], filters: { isActive: true }, limit: 50 }
      const { page, nodes } = await listAndExplain(input, [true, true])
      const expected = await client`select u.id from users u left join agencies a on a.id = u.agency_id
        where u.is_active and u.deleted_at is null order by a.name ${client.unsafe(direction)}, u.id ${client.unsafe(direction)} limit 50`
      expect(page.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id))
      expect(rowsRead(nodes, 'users'), direction).toBeLessThan(DISCARD_BOUND)
      expect(nodes.some((n) => n['Index Name'] === 'agencies_name_unique')).toBe(true)
    }
  })

  it('walking the agencies for a sort by agency name, tests a date range (and the deleted) on the agency index’s entries as index conditions, not on each user’s row', async () => {
    await vacuumAllVisible(client)
    const since = new Date(Date.now() - 86_400_000).toISOString()
    const input: UserListQuery = { sort: [{ column: 'agencyName', direction: 'asc' }], filters: { createdAt: { op: 'after', value: since } }, limit: 50 }
    const { page, nodes } = await listAndExplain(input, [since, since])
    const expected = await client`select u.id from users u left join agencies a on a.id = u.agency_id
      where u.created_at >= ${since} and u.deleted_at is null order by a.name, u.id limit 50`
    expect(page.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id))
    const walked = nodes.filter((n) => n['Relation Name'] === 'users' && n['Index Name'] === 'users_agency_id_idx')
    expect(walked.length).toBeGreaterThan(0)
    for (const node of walked) expect(node).toMatchObject({ 'Node Type': 'Index Only Scan', 'Heap Fetches': 0 })
    // Tested as `(…) is true` on each entry, every user of each agency visited was read (10M users,
    // the 86,400 created in one day: 16,129 buffers for a page, 225 as index conditions).
    const agencyWalk = walked.filter((n) => n['Index Cond']?.includes('agency_id = '))
    expect(agencyWalk.length).toBeGreaterThan(0)
    for (const node of agencyWalk) {
      expect(node['Index Cond']).toMatch(/created_at >=/)
      expect(node['Index Cond']).toMatch(/deleted_at IS NULL/)
      expect(node['Rows Removed by Filter'] ?? 0).toBe(0)
    }
  })

  it('takes one agency’s live users from their kept count, and finds a deep page of them in id order in the agency index: its offset in entries and a seek, not all of them sorted', async () => {
    // The visibility map says which table pages hold only rows every transaction sees (autovacuum keeps it).
    await vacuumAllVisible(client)
    const input: UserListQuery = { sort: [{ column: 'agencyName', direction: 'asc' }], filters: { agencyId: late }, limit: 40, offset: 300 }
    const before = await usersIndexReads(client)
    const page = await listUsers(drizzle(client), userListQuery.parse(input))
    const { entries } = await usersIndexReads(client)
    expect(page).toMatchObject({ total: LATE, totalExact: true, offset: 300 })
    // The page's offset and rows in the agency's index, and no count of its 3,000 users.
    const read = Object.entries(entries).reduce((sum, [index, n]) => sum + n - (before.entries[index] ?? 0), 0)
    expect(read).toBeLessThan(300 + 40 + 100)
    // Unprepared, so the list's page statement stays the last one prepared.
    const expected = await client.unsafe('select id from users where agency_id = $1 and deleted_at is null order by id offset 300 limit 40', [late], { prepare: false })
    expect(page.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id))
    expectSeekFromOffset(await explainLastPage(client, [late, late, 300]), 'users_agency_id_idx', 300, 40, 'one agency by agency name')
  })

  it('sorted by agency name, the users of no agency are read in id order from the agency index: about a page, not a walk past everyone else', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      // Active too: a statement with a value is prepared, so it can be explained.
      const input: UserListQuery = { sort: [{ column: 'agencyName', direction }], filters: { agencyName: { op: 'empty' }, isActive: true }, limit: 50 }
      const page = await listUsers(drizzle(client), userListQuery.parse(input))
      const expected = await client.unsafe(`select id from users where agency_id is null and is_active and deleted_at is null order by id ${direction} limit 50`, [], {
        prepare: false,
      })
      expect(page.rows.map((r) => r.id), direction).toEqual(expected.map((r) => r.id))
      // The primary key's walk reads ~110 users for each active one of no agency (~5,500 for the page).
      expect(rowsRead(await explainLastPage(client, [true]), 'users'), direction).toBeLessThan(200)
    }
  })

  it('finds a live user whose email equals the text, in any case, by one probe of the unique index on lower(email); with the deleted, through the trigram index', async () => {
    const [row] = await client<{ email: string }[]>`select email from users where agency_id = ${late} order by id limit 1 offset 7`
    const email = row!.email
    const spelled = email.toUpperCase()
    for (const deleted of ['exclude', 'include'] as const) {
      const input: UserListQuery = { sort: [{ column: 'name', direction: 'asc' }], filters: { email: { op: 'equals', value: spelled }, deleted }, limit: 50 }
      const { page, nodes } = await listAndExplain(input, [spelled, spelled])
      expect(page.rows.map((r) => r.email), deleted).toEqual([email])
      expect(page, deleted).toMatchObject({ total: 1, totalExact: true })
      expect(nodes.filter((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'users'), deleted).toEqual([])
      // The trigram index gives every email sharing the address's trigrams (8 ms a page at 1M users, 0.5 this way).
      const usedIndexes = nodes.flatMap((n) => n['Index Name'] ?? [])
      expect(usedIndexes, deleted).toContain(deleted === 'exclude' ? 'users_email_lower_unique' : 'users_email_trgm_idx')
    }
  })

  it('still walks the sort index when the filter keeps most rows', async () => {
    const { page, nodes } = await listAndExplain({ sort: [{ column: 'email', direction: 'asc' }], filters: { isActive: true }, limit: 50 }, [true])
    expect(page.rows).toHaveLength(50)
    expect(nodes.some((n) => n['Index Name'] === 'users_email_idx')).toBe(true)
    expect(nodes.some((n) => n['Node Type'] === 'Sort')).toBe(false)
  })

  it('sorted by a column the filter holds at one value, reads in id order: a deep page seeks by id, reading about a page', async () => {
    for (const direction of ['asc', 'desc'] as const) {
      const input: UserListQuery = { sort: [{ column: 'isActive', direction }], filters: { isActive: true }, limit: 50, offset: 30_000 }
      const page = await listUsers(drizzle(client), userListQuery.parse(input))
      const landed = page.rows[0]!.id
      const [before, from] = direction === 'asc' ? ['<', '>='] : ['>', '<=']
      // Unprepared, so the list's page statement stays the last one prepared.
      const idsFrom = (operator: string, order: string, limit: number) =>
        client.unsafe(`select id from users where is_active and deleted_at is null and id ${operator} $1 order by id ${order} limit ${limit}`, [landed], { prepare: false })
      const expected = await idsFrom(from, direction, 50)
      expect(page.rows.map((r) => r.id), direction).toEqual(expected.map((r) => r.id))
      // The page is the rows after a sampled one: the active user just before the page.
      const [sampled] = await idsFrom(before, direction === 'asc' ? 'desc' : 'asc', 1)
      // Seeking (is_active, id) past it reads from the first active user on (PostgreSQL 15).
      expect(rowsRead(await explainLastPage(client, [true, sampled!.id]), 'users'), direction).toBeLessThan(DISCARD_BOUND)

      const next = await listUsers(drizzle(client), userListQuery.parse({ ...input, offset: 0, after: page.nextCursor }))
      const expectedNext = await client`select id from users where is_active and deleted_at is null
        and id ${client.unsafe(direction === 'asc' ? '>' : '<')} ${page.rows.at(-1)!.id} order by id ${client.unsafe(direction)} limit 50`
      expect(next.rows.map((r) => r.id), `${direction}, next page`).toEqual(expectedNext.map((r) => r.id))
    }
  })

  it('sorted by agency name, the users of one agency or of none are in id order, from the start, an offset and a cursor', async () => {
    for (const filters of [{ agencyName: { op: 'empty' } }, { agencyId: late }] as const) {
      for (const direction of ['asc', 'desc'] as const) {
        const input: UserListQuery = { sort: [{ column: 'agencyName', direction }], filters, limit: 40 }
        const matching = 'agencyId' in filters ? client`agency_id = ${late}` : client`agency_id is null`
        const ids = (await client`select id from users where ${matching} and deleted_at is null order by id ${client.unsafe(direction)}`).map((r) => r.id)
        const list = (more: Partial<UserListQuery>) => listUsers(drizzle(client), userListQuery.parse({ ...input, ...more }))
        const label = `${JSON.stringify(filters)} ${direction}`
        const first = await list({})
        expect(first.rows.map((r) => r.id), label).toEqual(ids.slice(0, 40))
        expect((await list({ offset: 300 })).rows.map((r) => r.id), label).toEqual(ids.slice(300, 340))
        expect((await list({ after: first.nextCursor })).rows.map((r) => r.id), label).toEqual(ids.slice(40, 80))
      }
    }
  })
})
