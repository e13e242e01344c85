/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPgBouncer, type PgBouncer } from '../support/pgbouncer'
import { expectRowsLoaded, gridOf, rowOf } from './gridPage'
import { startE2e, type E2e } from './support'

describe('browser mode started on a URL through PgBouncer in transaction mode', () => {
  let bouncer: PgBouncer
  let e2e: E2e

  beforeAll(async () => {
    bouncer = await startPgBouncer({ mode: 'transaction', poolSize: 4 })
    e2e = await startE2e({ users: 30, reachedAs: (_, name) => bouncer.urlFor(name) })
  })
  afterAll(async () => {
    await e2e?.close()
    await bouncer?.stop()
  })

  it('shows the users grid, names the pooler, and says why live updates are off', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    // The first page comes through the pooler after the app's first connections: slow on a busy machine.
    await rowOf(grid, 'User 00001').waitFor({ timeout: 30_000 })
    await expectRowsLoaded(grid)
    const status = page.locator('.status-bar')
    await expect.poll(() => status.innerText()).toMatch(/through a pooler \(transaction mode\)/)
    await expect.poll(() => status.innerText()).toMatch(/Live updates off: the pooler in between \(transaction mode\) cannot carry them/)
    await e2e.screenshot(page, 'pooler-users-grid')
    expect(errors).toEqual([])
  })

  it('turns live updates on for a saved connection through the pooler that has a direct URL', async () => {
    const { page, errors } = await e2e.open()
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Connection' }).click()
    await page.getByRole('button', { name: 'Add connection' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add a connection' })
    await dialog.getByLabel('Name').fill('Pooled with direct')
    await dialog.getByLabel('PostgreSQL URL').fill(bouncer.urlFor(e2e.db.name))
    await dialog.getByText('Advanced: certificates, SSH tunnel, read-only, pooler').click()
    await dialog.getByLabel('Direct URL', { exact: true }).fill(e2e.db.url)
    await dialog.getByLabel('Direct URL password', { exact: true }).fill('direct-secret')
    await dialog.getByLabel('Direct URL', { exact: true }).scrollIntoViewIfNeeded()
    await e2e.screenshot(page, 'pooler-direct-url-form')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    expect(readFileSync(join(e2e.roster.dataDir, 'connections.json'), 'utf8')).not.toContain('direct-secret')

    await page.getByRole('button', { name: 'Open Pooled with direct' }).click()
    await expect.poll(() => page.getByRole('navigation', { name: 'Screens' }).locator('[aria-current="page"]').textContent()).toBe('Users')
    await rowOf(gridOf(page, 'Users'), 'User 00001').waitFor({ timeout: 30_000 })
    const status = page.locator('.status-bar')
    await expect.poll(() => status.innerText()).toMatch(/through a pooler \(transaction mode\)/)
    await expect.poll(() => status.innerText()).toMatch(/\bLive\b/)
    expect(await status.innerText()).not.toMatch(/Live updates off/)
    // The listener holds a session straight on the database (a transaction pooler would not keep its LISTEN).
    const listeners = await e2e.db.sql`select count(*)::int as n from pg_stat_activity where datname = ${e2e.db.name} and application_name = 'Roster live updates'`
    expect(listeners[0]!.n).toBe(1)
    await e2e.screenshot(page, 'pooler-direct-url-live')
    expect(errors).toEqual([])
  })
})
