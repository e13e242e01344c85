/// <reference types="node" />
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
})
