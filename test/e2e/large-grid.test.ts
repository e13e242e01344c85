/// <reference types="node" />
import type { Locator } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectRowsLoaded, gridOf } from './gridPage'
import { startE2e, type E2e } from './support'

const USERS = 10_000

/** Emails of the first rows the grid shows, once loaded. */
async function firstEmails(grid: Locator, count: number): Promise<string[]> {
  const index = await grid.getByRole('columnheader', { name: 'Email', exact: true }).getAttribute('aria-colindex')
  const cells = grid.locator(`[role="row"][aria-rowindex] [aria-colindex="${index}"]`)
  const emails: string[] = []
  for (let i = 0; i < count; i++) emails.push(await cells.nth(i + 1).innerText())
  return emails
}

describe('a 10,000-user table (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: USERS })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('sorts, filters and searches on the server, keeping only a window of rows in the DOM', async () => {
    const { page, errors } = await e2e.open()
    const { sql } = e2e.db
    const grid = gridOf(page, 'Users')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(USERS + 1))
    const domRows = () => grid.getByRole('row').count()
    expect(await domRows()).toBeLessThan(80)

    // Sort by email, descending on the second click; the order is the database's.
    const emailHeader = grid.getByRole('columnheader', { name: 'Email', exact: true })
    await emailHeader.getByTitle(/^Sort/).click()
    await expect.poll(() => emailHeader.getAttribute('aria-sort')).toBe('ascending')
    const ascending = await sql<{ email: string }[]>`select email from users where deleted_at is null order by email, id limit 3`
    await expect.poll(() => firstEmails(grid, 3)).toEqual(ascending.map((r) => r.email))
    await emailHeader.getByTitle(/^Sort/).click()
    await expect.poll(() => emailHeader.getAttribute('aria-sort')).toBe('descending')
    const descending = await sql<{ email: string }[]>`select email from users where deleted_at is null order by email desc, id desc limit 3`
    await expect.poll(() => firstEmails(grid, 3)).toEqual(descending.map((r) => r.email))

    // Shift-click adds a second sort column.
    const activeHeader = grid.getByRole('columnheader', { name: 'Active', exact: true })
    await activeHeader.getByTitle(/^Sort/).click({ modifiers: ['Shift'] })
    await expect.poll(() => activeHeader.getAttribute('aria-sort')).toBe('ascending')
    expect(await emailHeader.getAttribute('aria-sort')).toBe('descending')
    await e2e.screenshot(page, 'users-10k-multi-sort')

    // Scrolling deep keeps the DOM to a window and loads the rows there.
    // The scroll is handled on the next frame: wait for the window to move before looking at it. The
    // new sort may take the grid back to its top after the scroll (its address settles a moment
    // after the header shows it), so the scroll is made again until the window has moved.
    const lastIndex = async () => Number(await grid.getByRole('row').last().getAttribute('aria-rowindex'))
    await expect
      .poll(async () => {
        await grid.evaluate((element) => (element.scrollTop = element.scrollHeight / 2))
        return lastIndex()
      })
      .toBeGreaterThan(4_000)
    await expectRowsLoaded(grid)
    expect(await domRows()).toBeLessThan(80)
    expect(await lastIndex()).toBeLessThan(6_000)
    await e2e.screenshot(page, 'users-10k-scrolled')

    // Ctrl+End goes to the last row.
    await grid.focus()
    await grid.press('Control+End')
    await expect.poll(() => grid.getByRole('row').last().getAttribute('aria-rowindex')).toBe(String(USERS + 1))
    await expectRowsLoaded(grid)

    // A column filter.
    const [counted] = await sql<{ inactive: number }[]>`select count(*)::int as inactive from users where not is_active and deleted_at is null`
    const inactive = counted?.inactive ?? 0
    expect(inactive).toBeGreaterThan(1000)
    await page.getByRole('combobox', { name: 'Filter Active' }).selectOption('false')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(inactive + 1))
    await expect.poll(() => grid.getByRole('switch', { checked: false }).count()).toBeGreaterThan(10)
    expect(await grid.getByRole('switch', { checked: true }).count()).toBe(0)
    await page.getByRole('combobox', { name: 'Filter Active' }).selectOption('')

    // The global search.
    const matching = await sql<{ email: string }[]>`select email from users where email ilike '%user123%' and deleted_at is null`
    await page.getByRole('searchbox', { name: 'Search users' }).fill('user123')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(matching.length + 1))
    const shown = await firstEmails(grid, matching.length)
    expect(shown.toSorted()).toEqual(matching.map((r) => r.email).toSorted())
    await e2e.screenshot(page, 'users-10k-search')
    expect(errors).toEqual([])
  })
})
