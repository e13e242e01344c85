/// <reference types="node" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBlackHole } from '../fixtures/tcp-proxy'
import { cellOf, gridOf, rowOf } from './gridPage'
import { startE2e, type E2e } from './support'
import { ensureBuilt } from './support/build'
import { startRoster } from './support/roster'

describe('a database Roster may not write, opened with --database (browser mode, real PostgreSQL)', () => {
  let e2e: E2e
  const checksum = async () => {
    const [row] = await e2e.db.sql<{ sum: string }[]>`
      select md5(concat_ws('|',
        (select string_agg(t::text, ',' order by t::text) from users t),
        (select string_agg(t::text, ',' order by t::text) from agencies t),
        (select string_agg(t::text, ',' order by t::text) from roles t),
        (select string_agg(t::text, ',' order by t::text) from user_roles t))) as sum`
    return row!.sum
  }

  beforeAll(async () => {
    e2e = await startE2e({ users: 12 })
    // The last migration's record disappears: to this build of Roster, the database is behind.
    await e2e.db.sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('shows the users read-only, says why, and offers no way to edit, add or delete', async () => {
    const before = await checksum()
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await rowOf(grid, 'User 00001').waitFor()

    // The banner above the grid gives the reason (the one a save would be refused with); the toolbar says read-only.
    const banner = page.locator('.banner').getByText(/waiting to be applied/)
    await expect.poll(() => banner.textContent()).toBe(
      '1 migration is waiting to be applied. Roster saves nothing here until the migrations are applied (Connection screen).',
    )
    const badge = page.getByRole('toolbar', { name: 'Users actions' }).getByRole('note')
    expect(await badge.textContent()).toBe('Read-only')
    expect(await badge.getAttribute('title')).toBe(await banner.textContent())
    expect(await grid.getAttribute('aria-readonly')).toBe('true')
    for (const name of [/^\+ Add/, /Delete/, /^Save/, 'Discard', 'Undo', 'Redo']) {
      expect(await page.getByRole('button', { name }).count(), String(name)).toBe(0)
    }
    await e2e.screenshot(page, 'users-read-only')

    // No editor opens: not by double-click, Enter, F2 or typing; the active switch does not move.
    const name = await cellOf(grid, 'User 00001', 'Name')
    await name.dblclick()
    await page.keyboard.press('Enter')
    await page.keyboard.press('F2')
    await page.keyboard.type('Changed')
    expect(await page.getByRole('textbox', { name: 'Name of User 00001' }).count()).toBe(0)
    expect(await name.getAttribute('aria-readonly')).toBe('true')
    const active = rowOf(grid, 'User 00001').getByRole('switch')
    expect(await active.isDisabled()).toBe(true)
    await page.keyboard.press('Control+s')

    expect(await grid.locator('.cell-changed').count()).toBe(0)
    expect(await checksum()).toBe(before)
    expect(errors).toEqual([])
  })
})

describe('a start-up database that never answers (browser mode)', () => {
  it("gives up after the URL's connect_timeout and says so", async () => {
    ensureBuilt()
    const blackHole = await startBlackHole()
    try {
      const failure = await startRoster(`postgres://postgres@127.0.0.1:${blackHole.port}/postgres?connect_timeout=2`).then(
        () => null,
        (error: unknown) => String(error),
      )
      expect(failure).toContain(`Roster could not start: 127.0.0.1:${blackHole.port} did not answer within 2 seconds.`)
    } finally {
      await blackHole.close()
    }
  })
})
