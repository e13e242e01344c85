import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { queryRows } from '../../../src/main/db/client'
import { listUsers } from '../../../src/main/services/users'
import { userListQuery } from '../../../src/shared/schemas/users'
import { engines, openMigrated, type TestDatabase } from '../../support/databases'

/** The count of a view held until the test opens the gate: what a deep page does meanwhile is what is tested. */
const counting = vi.hoisted(() => ({ gate: null as Promise<void> | null, started: 0 }))
vi.mock('../../../src/main/services/list-total', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/main/services/list-total')>()
  return {
    ...actual,
    totalOf: async (...args: Parameters<typeof actual.totalOf>) => {
      counting.started++
      if (counting.gate) await counting.gate
      return actual.totalOf(...args)
    },
  }
})
/** Each deep position taken from the table's histogram: the deep page's first step, after its total. */
const deepSeeks = vi.hoisted(() => ({ count: 0 }))
vi.mock('../../../src/main/services/deep-page-seek', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../src/main/services/deep-page-seek')>()
  return {
    ...actual,
    boundAt: (...args: Parameters<typeof actual.boundAt>) => {
      deepSeeks.count++
      return actual.boundAt(...args)
    },
  }
})

/** Few enough users that the table is counted exactly on every page (under 50,000), enough for pages far from both ends. */
const USERS = 12_000

const byName = (offset: number) => userListQuery.parse({ sort: [{ column: 'name', direction: 'asc' }], limit: 100, offset })

describe.each(engines)('a deep page of a view counted exactly, on %s', (engine) => {
  let opened: TestDatabase
  const run = (text: string) => queryRows(opened.database.db, z.unknown(), sql.raw(text))

  beforeAll(async () => {
    opened = await openMigrated(engine)
    await run(`insert into users (email, name) select 'user' || g || '@example.com', 'User ' || lpad(g::text, 6, '0') from generate_series(1, ${USERS}) g`)
    await run('analyze users')
  }, 120_000)
  afterAll(() => opened?.cleanup())

  it('is read from the last count while the view is counted again, and equals the page read after the count', async () => {
    const db = opened.database.db
    const afterCount = await listUsers(db, byName(6_000))
    expect(afterCount.totalExact).toBe(true)
    let open!: () => void
    counting.gate = new Promise<void>((resolve) => (open = resolve))
    const [seeks, counts] = [deepSeeks.count, counting.started]
    try {
      const page = listUsers(db, byName(6_000))
      await vi.waitFor(() => expect(counting.started).toBe(counts + 1))
      // The count is held: a page that waited for it would not have begun to seek.
      await vi.waitFor(() => expect(deepSeeks.count).toBe(seeks + 1), { timeout: 5_000 })
      open()
      expect(await page).toEqual(afterCount)
    } finally {
      counting.gate = null
      open()
    }
  })

  it('is read again from the fresh count when rows came or went since the last one', async () => {
    const db = opened.database.db
    const nearEnd = byName(10_000)
    const before = await listUsers(db, nearEnd)
    expect(before.total).toBe(USERS)
    // Another program adds users ahead of the page in name order: Roster hears nothing of it.
    await run(`insert into users (email, name) select 'early' || g || '@example.com', 'Early ' || g from generate_series(1, 3000) g`)
    const after = await listUsers(db, nearEnd)
    const expected = await queryRows(
      db,
      z.object({ id: z.string() }),
      sql`select id from users where deleted_at is null order by name, id offset 10000 limit 100`,
    )
    expect(after.total).toBe(USERS + 3000)
    expect(after.offset).toBe(10_000)
    expect(after.rows.map((r) => r.id)).toEqual(expected.map((r) => r.id))
    await run(`delete from users where email like 'early%'`)
  })
})
