import { drizzle } from 'drizzle-orm/postgres-js'
import { describe, expect, it } from 'vitest'
import type { RosterDb } from '../../../src/main/db/client'
import { listUsers } from '../../../src/main/services/users'
import { userListQuery } from '../../../src/shared/schemas/users'
import { explainableUsers, usersIndexReads } from '../../support/explain-page'

/**
 * Every thirtieth of 240,000 users is named Ann (8,000), spread evenly along the email order: few
 * enough that they are read matches first and too sparse for a walk of the email index to be
 * trusted, so an offset past the first 5,000 of them was found by sorting all 8,000 each time.
 */
const [USERS, EVERY] = [240_000, 30]
const ANNS = USERS / EVERY

describe('a deep page into a few sparse matches reads between the keys of their exact ranks (postgres)', () => {
  const client = explainableUsers(
    (client) => client`
      insert into users (email, name)
      select 'user' || lpad(g::text, 6, '0') || '@example.com', case when g % ${EVERY} = 0 then 'Ann ' else 'Zed ' end || g
      from generate_series(1, ${USERS}::int) g`,
  )
  // One handle for every read: a view's ranks are kept per database handle.
  let db: RosterDb | undefined

  /** The page of users named Ann by email `offset` rows in: its emails, the entries it read of the email index, the rows it fetched. */
  async function read(offset: number) {
    db ??= drizzle(client())
    const before = await usersIndexReads(client())
    const page = await listUsers(db, userListQuery.parse({ sort: [{ column: 'email', direction: 'asc' }], filters: { name: { op: 'startsWith', value: 'Ann' } }, limit: 100, offset }))
    const after = await usersIndexReads(client())
    const read = (index: string) => (after.entries[index] ?? 0) - (before.entries[index] ?? 0)
    return { page, emails: page.rows.map((r) => r.email), emailEntries: read('users_email_idx'), fetched: after.fetched - before.fetched }
  }

  /** The emails of the Anns from `offset` on: user000030, user000060, … */
  const expected = (offset: number) =>
    Array.from({ length: Math.min(100, ANNS - offset) }, (_, i) => `user${String((offset + i + 1) * EVERY).padStart(6, '0')}@example.com`)

  it('ranks the matches once, then reads each deep page between two of their keys: the same rows as an offset, at exact positions', async () => {
    const first = await read(6_000)
    expect(first.emails).toEqual(expected(6_000))
    expect(first.page.offsetExact).toBe(true)
    // A kept rank (every 50th), either side of one, the last 100 (no kept row after them) and a short last page.
    for (const offset of [5_050, 5_049, 5_051, 7_000, 7_900, 7_950]) {
      const again = await read(offset)
      expect(again.emails).toEqual(expected(offset))
      expect(again.page).toMatchObject({ offset, offsetExact: true, total: ANNS, totalExact: true })
      // Within two kept ranks of the page: at most 200 Anns' worth of the email index, 30 entries each,
      // and no read of all the matches beyond their count.
      expect(again.emailEntries).toBeLessThanOrEqual(200 * EVERY)
      // Rows fetched beyond the count's 8,000 (which fetches every match): not all the matches again.
      expect(again.fetched - ANNS).toBeLessThan(ANNS / 2)
    }
  })

  it('ranks the matches again when others’ writes changed their count', async () => {
    // Ten of the first Anns deleted by another program: every later one moves up ten ranks.
    await client()`update users set deleted_at = now() where email in ${client()(expected(100).slice(0, 10))}`
    const page = await read(6_000)
    expect(page.emails).toEqual(expected(6_010))
    expect(page.page).toMatchObject({ total: ANNS - 10, offsetExact: true })
  })
})

/**
 * One agency holds 12,000 users (of 60,000), in the order of its own (agency_id, email, id) index:
 * an offset into them was skipped in that index each time, 9,000 entries for a page 9,000 in.
 */
const [AGENCY_USERS, OTHER_USERS] = [12_000, 48_000]
/** By email (the agency's email index), and by agency name, which one agency's users hold at one value (their ids' order). */
type Sorted = 'email' | 'agencyName'
const sorts = [['email', 'asc'], ['email', 'desc'], ['agencyName', 'asc'], ['agencyName', 'desc']] as const

describe('a deep page of one agency’s users reads from their exact ranks, not skipping its offset in their index (postgres)', () => {
  let agency = ''
  const client = explainableUsers(async (client) => {
    ;[{ id: agency }] = await client`insert into agencies (name) values ('Big') returning id`
    await client`insert into agencies (name) values ('Small')`
    await client`
      insert into users (email, name, agency_id)
      select 'user' || lpad(g::text, 6, '0') || '@example.com', 'User ' || g,
             case when g % 5 = 0 then ${agency}::uuid else (select id from agencies where name = 'Small') end
      from generate_series(1, ${AGENCY_USERS + OTHER_USERS}::int) g`
  })
  let db: RosterDb | undefined

  /** The agency's users by `column` `offset` rows in, and the entries of every users index reading them took. */
  async function read(column: Sorted, offset: number, direction: 'asc' | 'desc') {
    db ??= drizzle(client())
    const before = await usersIndexReads(client())
    const page = await listUsers(db, userListQuery.parse({ sort: [{ column, direction }], filters: { agencyId: agency }, limit: 100, offset }))
    const after = await usersIndexReads(client())
    const entries = Object.keys(after.entries).reduce((sum, index) => sum + after.entries[index]! - (before.entries[index] ?? 0), 0)
    return { page, entries }
  }
  /** The page by hand: sorted by agency name, one agency's users are in id order. */
  const expected = (column: Sorted, offset: number, direction: 'asc' | 'desc') => {
    const order = client().unsafe(column === 'email' ? `email ${direction}, id ${direction}` : `id ${direction}`)
    return client()`select id from users where agency_id = ${agency} and deleted_at is null order by ${order} offset ${offset} limit 100`.then((rows) =>
      rows.map((r) => r.id as string),
    )
  }

  it('ranks the view once, then reads each deep page from a kept rank: about a page of entries', async () => {
    for (const [column, direction] of sorts) {
      await read(column, 9_000, direction)
      for (const offset of [9_000, 9_050, 9_049, 1_001, 11_950, 11_990]) {
        const label = `${column} ${direction} ${offset}`
        const again = await read(column, offset, direction)
        expect(again.page.rows.map((r) => r.id), label).toEqual(await expected(column, offset, direction))
        expect(again.page, label).toMatchObject({ offset, offsetExact: true, total: AGENCY_USERS, totalExact: true })
        // The total is the agency's kept count, no entry read; the page reads fewer than two rank steps and itself.
        expect(again.entries, label).toBeGreaterThanOrEqual(again.page.rows.length)
        expect(again.entries, label).toBeLessThanOrEqual(300)
      }
    }
  })
})
