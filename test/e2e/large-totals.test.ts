/// <reference types="node" />
import type { Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gridOf } from './gridPage'
import { startE2e, type E2e } from './support'

const USERS = 60_000
/** Every seventh user is inactive (test/support/seed-sql.ts). */
const ACTIVE = 51_429

describe('totals of a large table (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: USERS })
    // Planner statistics, as autovacuum would gather them: above 50,000 rows a view's total is
    // their estimate, unless the database keeps it (all live users, those of one agency…). Taken
    // while 81 active users were not, as rows change between autovacuum's visits, from every row:
    // the estimate is 51,348 active users, the count 51,429.
    const few = (await e2e.db.sql<{ id: string }[]>`select id from users where is_active order by id limit 81`).map((r) => r.id)
    await e2e.db.sql`update users set is_active = false where id in ${e2e.db.sql(few)}`
    await e2e.db.sql.begin(async (tx) => {
      await tx`set local default_statistics_target = 1000`
      await tx`analyze users`
    })
    await e2e.db.sql`update users set is_active = true where id in ${e2e.db.sql(few)}`
    await e2e.db.sql`vacuum users`
  })
  afterAll(async () => {
    await e2e?.close()
  })

  /** A fresh page on the active users, its count held back until `release` is called. */
  async function openActive() {
    const opened = await e2e.open()
    let release = () => {}
    const counted = new Promise<void>((resolve) => (release = resolve))
    const countRequests: unknown[] = []
    await opened.page.route('**/api/users.count', async (route: Route) => {
      countRequests.push(JSON.parse(route.request().postData() ?? '{}'))
      await counted
      await route.continue()
    })
    await opened.page.evaluate(() => (location.hash = '#/users?isActive=is:true'))
    await opened.page.reload()
    return { ...opened, countRequests, release }
  }
  const lastActive = async () =>
    (await e2e.db.sql<{ name: string }[]>`select name from users where deleted_at is null and is_active order by name desc, id desc limit 1`)[0]!.name

  it('shows the total of all users at once, as the database keeps it: no estimate, no count, Ctrl+End on the last user', async () => {
    const { page, errors } = await e2e.open()
    const countRequests: unknown[] = []
    await page.route('**/api/users.count', async (route: Route) => {
      countRequests.push(route.request().postData())
      await route.continue()
    })
    await page.reload()
    const grid = gridOf(page, 'Users')
    const footer = page.locator('.grid-footer')
    await expect.poll(() => footer.textContent()).toMatch(/Rows 1–\d+ of 60,000 users/)
    const [lastUser] = await e2e.db.sql<{ name: string }[]>`select name from users where deleted_at is null order by name desc, id desc limit 1`
    await grid.focus()
    await grid.press('Control+End')
    await expect.poll(() => grid.getByRole('row').last().getAttribute('aria-label')).toBe(lastUser!.name)
    await expect.poll(() => footer.textContent()).toMatch(/^Rows 59,\d{3}–60,000 of 60,000 users/)
    expect(countRequests).toEqual([])
    expect(errors).toEqual([])
  })

  it('shows the estimate as “≈ …” while the exact count runs, then the exact count', async () => {
    const { page, errors, countRequests, release: releaseCount } = await openActive()
    // The count is held back until the estimate has been looked at (it takes milliseconds on 51,429 rows).
    const grid = gridOf(page, 'Users')
    const footer = page.locator('.grid-footer')
    const estimate = page.getByTitle('Total estimated; counting exactly…')
    await expect.poll(() => estimate.textContent()).toMatch(/^≈ 51,3\d{2}$/)
    await expect.poll(() => footer.textContent()).toMatch(/Rows 1–\d+ of ≈ \d{2},\d{3} users/)
    // Other background work (a block, the cache status) may show first; the count's own line follows.
    await expect.poll(() => page.getByRole('contentinfo', { name: 'Status' }).textContent()).toContain('Counting rows…')
    // The page opened before the route was set may have asked too; every count names itself for superseding.
    expect(countRequests.length).toBeGreaterThan(0)
    expect(countRequests).toEqual(countRequests.map(() => expect.objectContaining({ supersede: 'users-count' })))
    await e2e.screenshot(page, 'users-51k-estimated')

    releaseCount()
    await expect.poll(() => footer.textContent()).toMatch(/Rows 1–\d+ of 51,429 users/)
    expect(await estimate.count()).toBe(0)
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(ACTIVE + 1))

    // Ctrl+End reaches the last user of the exact count.
    await grid.focus()
    await grid.press('Control+End')
    await expect.poll(() => grid.getByRole('row').last().getAttribute('aria-label')).toBe(await lastActive())
    expect(await grid.getByRole('row').last().getAttribute('aria-rowindex')).toBe(String(ACTIVE + 1))
    // Read back from the end, the last rows' numbers are exact once the count is.
    await expect.poll(() => footer.textContent()).toMatch(/^Rows 51,\d{3}–51,429 of 51,429 users/)
    await e2e.screenshot(page, 'users-51k-end')
    expect(errors).toEqual([])
    // Eight waits of its own, each bounded: on a busy machine their sum may pass the default 30 s.
  }, 60_000)

  it('keeps Ctrl+End at the last row when the exact count, arriving after, is larger than the estimate', async () => {
    const { page, errors, release: releaseCount } = await openActive()
    const grid = gridOf(page, 'Users')
    const footer = page.locator('.grid-footer')
    await expect.poll(() => footer.textContent()).toMatch(/Rows 1–\d+ of ≈ 51,3\d{2} users/)
    await grid.focus()
    await grid.press('Control+End')
    await expect.poll(() => footer.textContent()).toMatch(/–51,3\d{2} of ≈ 51,3\d{2} users/)

    releaseCount()
    await expect.poll(() => footer.textContent()).toMatch(/–51,429 of 51,429 users/)
    await expect.poll(() => grid.getByRole('row').last().getAttribute('aria-label')).toBe(await lastActive())
    expect(await grid.getByRole('row').last().getAttribute('aria-rowindex')).toBe(String(ACTIVE + 1))
    await e2e.screenshot(page, 'users-end-after-exact-count')
    expect(errors).toEqual([])
  }, 60_000)
})
