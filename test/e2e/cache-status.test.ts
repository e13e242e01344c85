/// <reference types="node" />
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editText, gridOf, rowOf, saveChanges } from './gridPage'
import { startE2e, type E2e } from './support'

const UNREACHABLE = 'Reporting with a dead cache'

const nav = (page: Page, screen: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen })

describe('a cache that cannot be reached (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 5 })
    // The same database, saved as a connection whose Redis listens nowhere (port 1 refuses at once).
    const response = await fetch(new URL('api/connections.save', e2e.roster.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await e2e.roster.session()}` },
      body: JSON.stringify({ name: UNREACHABLE, url: e2e.db.url, cache: { kind: 'redis', url: 'redis://127.0.0.1:1' } }),
    })
    expect(await response.json()).toMatchObject({ ok: true })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('still lists and saves, and says once in the status bar that the cache is unavailable', async () => {
    const { page, errors } = await e2e.open()
    await nav(page, 'Connection').click()
    await page.getByRole('button', { name: `Open ${UNREACHABLE}` }).click()
    const grid = gridOf(page, 'Users')
    await rowOf(grid, 'User 00001').waitFor()

    const status = page.getByRole('contentinfo', { name: 'Status' })
    const warning = status.getByRole('status').filter({ hasText: /Cache (unavailable|bypassed)/ })
    // The status bar polls the cache's state every second until the first read is counted.
    await expect.poll(() => warning.textContent(), { timeout: 15_000 }).toMatch(/Cache unavailable: .*127\.0\.0\.1:1/)

    // Reads and saves go straight to the database meanwhile.
    await editText(page, grid, 'User 00002', 'Name', 'Saved Without Cache')
    await saveChanges(page, 1)
    await expect.poll(async () => (await e2e.db.sql`select name from users where email = 'user2@example.com'`)[0]?.name).toBe('Saved Without Cache')
    await page.getByRole('button', { name: 'Reload data' }).click()
    await rowOf(grid, 'Saved Without Cache').waitFor()
    // A save could not bump the cache's version, so the cache stays bypassed until it can: still one
    // warning, however many requests failed to reach it.
    await expect.poll(() => warning.textContent(), { timeout: 15_000 }).toMatch(/Cache bypassed/)
    expect(await warning.count()).toBe(1)
    await e2e.screenshot(page, 'users-cache-unavailable')
    expect(errors).toEqual([])
  })
})
