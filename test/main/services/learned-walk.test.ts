import { drizzle } from 'drizzle-orm/postgres-js'
import { describe, expect, it } from 'vitest'
import type { RosterDb } from '../../../src/main/db/client'
import { PACE_ROWS } from '../../../src/main/services/read-ways'
import { listUsers } from '../../../src/main/services/users'
import { userListQuery } from '../../../src/shared/schemas/users'
import { explainableUsers, usersIndexReads } from '../../support/explain-page'

/**
 * Emails start with the user's first name, as at 10M users in the benchmark: 1,000 Aarons, then
 * 60,000 users named Ann, then 300,000 Zeds, in email order. Named Ann is a sixth of the table: the
 * planner's even spread would find a page of them within ~600 rows of either end of the email
 * order, so a first read walks a page's worth and sorts the 60,000 when that runs out (hundreds of
 * milliseconds). Ascending, the Anns lie 1,000 rows on; descending, 300,000.
 */
const [AARONS, ANNS, ZEDS] = [1_000, 60_000, 300_000]

describe('a view read again goes the way its earlier reads measured (postgres)', () => {
  const client = explainableUsers(
    (client) => client`
      insert into users (email, name)
      select lower(first) || '.' || lpad(g::text, 6, '0') || '@example.com', first || ' ' || g
      from (select g, case when g <= ${AARONS} then 'Aaron' when g <= ${AARONS + ANNS} then 'Ann' else 'Zed' end as first
            from generate_series(1, ${AARONS + ANNS + ZEDS}::int) g) named`,
  )
  // One handle for every read: what a view's reads measured is kept per database handle.
  let db: RosterDb | undefined

  /** One read of the first page of users named Ann by email: its emails, and the entries it read of the email index and of the others. */
  async function read(direction: 'asc' | 'desc') {
    db ??= drizzle(client())
    const before = await usersIndexReads(client())
    const page = await listUsers(db, userListQuery.parse({ sort: [{ column: 'email', direction }], filters: { name: { op: 'startsWith', value: 'Ann' } }, limit: 100 }))
    const after = await usersIndexReads(client())
    const read = (index: string) => (after.entries[index] ?? 0) - (before.entries[index] ?? 0)
    const others = Object.keys(after.entries).filter((index) => index !== 'users_email_idx').reduce((sum, index) => sum + read(index), 0)
    return { emails: page.rows.map((r) => r.email), emailEntries: read('users_email_idx'), otherEntries: others }
  }

  const expected = (direction: 'asc' | 'desc') =>
    Array.from({ length: 100 }, (_, i) => `ann.${String(direction === 'asc' ? AARONS + 1 + i : AARONS + ANNS - i).padStart(6, '0')}@example.com`)

  it('ascending: walks past the 1,000 Aarons once a walk long enough to measure was seen to cost less than the sort', async () => {
    // First: a page's worth walked, run out among the Aarons, then the Anns read and sorted.
    const first = await read('asc')
    expect(first.emails).toEqual(expected('asc'))
    expect(first.emailEntries).toBeLessThan(1_000)
    expect(first.otherEntries).toBeGreaterThanOrEqual(ANNS)
    // Then a walk long enough to time, which here fills the page: every read after it walks.
    for (let i = 0; i < 3; i++) {
      const again = await read('asc')
      expect(again.emails).toEqual(expected('asc'))
      expect(again.emailEntries).toBeGreaterThanOrEqual(AARONS + 100)
      expect(again.emailEntries).toBeLessThanOrEqual(PACE_ROWS)
      expect(again.otherEntries).toBe(0)
    }
  })

  it('descending: measures the walk’s pace (and once more at most), then keeps sorting rather than walking past 300,000 Zeds', async () => {
    const reads = []
    for (let i = 0; i < 6; i++) reads.push(await read('desc'))
    for (const r of reads) expect(r.emails).toEqual(expected('desc'))
    const walked = reads.map((r) => r.emailEntries)
    expect(walked[0]).toBeLessThan(1_000)
    expect(walked[1]).toBe(PACE_ROWS)
    // A second, 2–10 times longer, only where the first pace left the choice close (which the
    // sorts' times, varying from read to read, may say at any later read), and only once.
    const timed = walked.slice(2).filter((entries) => entries !== 0)
    expect(timed.length).toBeLessThanOrEqual(1)
    for (const entries of timed) expect(entries).toBeGreaterThanOrEqual(PACE_ROWS * 2)
    for (const entries of timed) expect(entries).toBeLessThanOrEqual(PACE_ROWS * 10)
    for (const r of reads) expect(r.otherEntries).toBeGreaterThanOrEqual(ANNS)
  })
})
