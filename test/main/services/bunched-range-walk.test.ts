import { drizzle } from 'drizzle-orm/postgres-js'
import type postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listUsers } from '../../../src/main/services/users'
import { userListQuery } from '../../../src/shared/schemas/users'
import { bulkFill } from '../../support/bulk-fill'
import { explainableDatabase, statistic } from '../../support/explain-page'

/**
 * 30,000 users, one created each minute back from now (the newest first in the table, as a table
 * grows: its order follows the dates'), none edited but 50 of the range below, edited just now.
 * The range, 10,000 to 5,000 minutes ago, holds 5,000 of them: sorted by update, newest first, the
 * 4,999 newer users lie ahead of the range's, and walking past them costs less than sorting the
 * range; oldest first, the 20,000 older users lie ahead, and sorting the range costs less.
 */
const USERS = 30_000
const FROM_MINUTES = 10_000
const TO_MINUTES = 5_000

describe('users of a creation range sorted by update on postgres: walked past the rows ahead, or sorted', () => {
  let database: Awaited<ReturnType<typeof explainableDatabase>>
  let client: postgres.Sql
  let range: { op: 'between'; from: string; to: string }

  beforeAll(async () => {
    database = await explainableDatabase()
    client = database.client
    const [{ now }] = (await client`select now() as now`) as unknown as [{ now: Date }]
    const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000).toISOString()
    range = { op: 'between', from: minutesAgo(FROM_MINUTES), to: minutesAgo(TO_MINUTES) }
    await bulkFill(
      (text) => client.unsafe(text),
      'users',
      () => client`
        insert into users (email, name, created_at, updated_at)
        select 'user' || g || '@example.com', 'User ' || g, ${now}::timestamptz - make_interval(mins => g), ${now}::timestamptz - make_interval(mins => g)
        from generate_series(1, ${USERS}::int) g order by g`,
    )
    await client`update users set updated_at = now() where name in (select 'User ' || g from generate_series(${FROM_MINUTES - 50}::int, ${FROM_MINUTES - 1}::int) g)`
    await client`analyze users`
  }, 120_000)
  afterAll(async () => {
    await database?.close()
  })

  /** Entries of `index` read so far: the server's statistics, flushed first. */
  const indexReads = (index: string) => statistic(client, (sql) => sql<{ n: string }[]>`select idx_tup_read as n from pg_stat_user_indexes where indexrelname = ${index}`)

  /** The page as one ORDER BY, and the entries of the updated_at and created_at indexes the list read for it. */
  async function listed(direction: 'asc' | 'desc') {
    const [updatedBefore, createdBefore] = [await indexReads('users_updated_at_idx'), await indexReads('users_created_at_idx')]
    const page = await listUsers(drizzle(client), userListQuery.parse({ sort: [{ column: 'updatedAt', direction }], filters: { createdAt: range }, limit: 100 }))
    const updatedRead = (await indexReads('users_updated_at_idx')) - updatedBefore
    const createdRead = (await indexReads('users_created_at_idx')) - createdBefore
    const [expected] = await client<{ ids: string[] }[]>`select array_agg(id) as ids from (select id from users
      where created_at >= ${range.from}::timestamptz and created_at < ${range.to}::timestamptz and deleted_at is null
      order by updated_at ${client.unsafe(direction)}, id ${client.unsafe(direction)} limit 100) p`
    return { ids: page.rows.map((r) => r.id), expected: expected!.ids, total: page.total, updatedRead, createdRead }
  }

  it('newest first: walks the update order past the 4,999 users updated since, not sorting the 5,000 of the range', async () => {
    const { ids, expected, total, updatedRead, createdRead } = await listed('desc')
    expect(total).toBe(FROM_MINUTES - TO_MINUTES)
    // The 50 edited just now come first, then the range's unedited users after those updated since.
    expect(ids).toEqual(expected)
    expect(updatedRead).toBeGreaterThanOrEqual(TO_MINUTES + 50)
    expect(updatedRead).toBeLessThan(TO_MINUTES * 1.5 + 400)
    // The range's entries were read once by the creation index, for the exact total (the 50 edited
    // have two entries each, old and new), not a second time to be sorted.
    expect(createdRead).toBeLessThan(2 * (FROM_MINUTES - TO_MINUTES))
  })

  it('oldest first: sorts the range, with no walk past the 20,000 users updated before it', async () => {
    const { ids, expected, updatedRead } = await listed('asc')
    expect(ids).toEqual(expected)
    expect(updatedRead).toBe(0)
  })
})
