/// <reference types="node" />
import type { Route } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gridOf } from './gridPage'
import { startE2e, type E2e } from './support'

const USERS = 60_000

describe('totals of a large table (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: USERS })
    // Planner statistics, as autovacuum would gather them: above 50,000 rows the list's total is
    // their estimate. Taken while 81 users were deleted, as rows change between autovacuum's
    // visits: the estimate is ~59,919 live users, the count 60,000.
    const few = e2e.db.sql`select id from users order by id limit 81`
    await e2e.db.sql`update users set deleted_at = now() where id in (${few})`
    await e2e.db.sql`analyze users`
    await e2e.db.sql`update users set deleted_at = null where id in (${few})`
    await e2e.db.sql`vacuum users`
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('shows the estimate as “≈ …” while the exact count runs, then the exact count', async () => {
    const { page, errors } = await e2e.open()
    // The count is held back until the estimate has been looked at (it takes milliseconds on 60,000 rows).
    let releaseCount = () => {}
    const counted = new Promise<void>((resolve) => (releaseCount = resolve))
    const countRequests: unknown[] = []
    await page.route('**/api/users.count', async (route: Route) => {
      countRequests.push(JSON.parse(route.request().postData() ?? '{}'))
      await counted
      await route.continue()
    })
    await page.reload()

    const grid = gridOf(page, 'Users')
    const footer = page.locator('.grid-footer')
    const estimate = page.getByTitle('Total estimated; counting exactly…')
    await expect.poll(() => estimate.textContent()).toMatch(/^≈ 59,\d{3}$/)
    await expect.poll(() => footer.textContent()).toMatch(/Rows 1–\d+ of ≈ \d{2},\d{3} users/)
    // Other background work (a block, the cache status) may show first; the count's own line follows.
    await expect.poll(() => page.getByRole('contentinfo', { name: 'Status' }).textContent()).toContain('Counting rows…')
    // The page opened before the route was set may have asked too; every count names itself for superseding.
    expect(countRequests.length).toBeGreaterThan(0)
    expect(countRequests).toEqual(countRequests.map(() => expect.objectContaining({ supersede: 'users-count' })))
    await e2e.screenshot(page, 'users-60k-estimated')

    releaseCount()
    await expect.poll(() => footer.textContent()).toMatch(/Rows 1–\d+ of 60,000 users/)
    expect(await estimate.count()).toBe(0)
    expect(await grid.getAttribute('aria-rowcount')).toBe(String(USERS + 1))

    // Ctrl+End reaches the last user of the exact count.
    const [lastUser] = await e2e.db.sql<{ name: string }[]>`select name from users where deleted_at is null order by name desc, id desc limit 1`
    await grid.focus()
    await grid.press('Control+End')
    await expect.poll(() => grid.getByRole('row').last().getAttribute('aria-label')).toBe(lastUser!.name)
    expect(await grid.getByRole('row').last().getAttribute('aria-rowindex')).toBe(String(USERS + 1))
    // Read back from the end, the last rows' numbers are exact once the count is.
    await expect.poll(() => footer.textContent()).toMatch(/^Rows 59,\d{3}–60,000 of 60,000 users/)
    await e2e.screenshot(page, 'users-60k-end')
    expect(errors).toEqual([])
    // Eight waits of its own, each bounded: on a busy machine their sum may pass the default 30 s.
  }, 60_000)

  it('keeps Ctrl+End at the last row when the exact count, arriving after, is larger than the estimate', async () => {
    const { page, errors } = await e2e.open()
    let releaseCount = () => {}
    const counted = new Promise<void>((resolve) => (releaseCount = resolve))
    await page.route('**/api/users.count', async (route: Route) => {
      await counted
      await route.continue()
    })
    await page.reload()
    const grid = gridOf(page, 'Users')
    const footer = page.locator('.grid-footer')
    await expect.poll(() => footer.textContent()).toMatch(/Rows 1–\d+ of ≈ 59,\d{3} users/)
    await grid.focus()
    await grid.press('Control+End')
    await expect.poll(() => footer.textContent()).toMatch(/–59,\d{3} of ≈ 59,\d{3} users/)

    releaseCount()
    const [lastUser] = await e2e.db.sql<{ name: string }[]>`select name from users where deleted_at is null order by name desc, id desc limit 1`
    await expect.poll(() => footer.textContent()).toMatch(/–60,000 of 60,000 users/)
    await expect.poll(() => grid.getByRole('row').last().getAttribute('aria-label')).toBe(lastUser!.name)
    expect(await grid.getByRole('row').last().getAttribute('aria-rowindex')).toBe(String(USERS + 1))
    await e2e.screenshot(page, 'users-end-after-exact-count')
    expect(errors).toEqual([])
  }, 60_000)
})
