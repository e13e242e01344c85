/// <reference types="node" />
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseMore, gridOf, openScreen, rowOf, saveChanges } from './gridPage'
import { startE2e, type E2e } from './support'

/** Counts the `<method>` calls the page makes, to show a save is one batch. */
function countCalls(page: Page, method: string): () => number {
  let calls = 0
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === `/api/${method}`) calls++
  })
  return () => calls
}

/** A row's painted background next to the theme's colour for a staged kind of row, both as rgb(). */
async function rowColours(row: Locator, variable: string): Promise<{ row: string; theme: string }> {
  return row.evaluate((element, name) => {
    const probe = document.createElement('div')
    probe.style.background = `var(${name})`
    document.body.append(probe)
    const theme = getComputedStyle(probe).backgroundColor
    probe.remove()
    return { row: getComputedStyle(element).backgroundColor, theme }
  }, variable)
}

const select = (grid: Locator, name: string) => rowOf(grid, name).getByRole('checkbox', { name: `Select ${name}` }).check()

describe('bulk delete of selected rows (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 12 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('forgets the selection when a search hides it, so a bulk delete never reaches rows out of sight', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await select(grid, 'User 00007')
    await select(grid, 'User 00008')
    expect(await page.getByRole('button', { name: 'Delete 2 selected' }).isEnabled()).toBe(true)

    await page.getByRole('searchbox', { name: 'Search users' }).fill('User 0001')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('4')
    expect(await page.getByRole('button', { name: 'Delete selected' }).isDisabled()).toBe(true)
    expect(await grid.getByRole('checkbox', { name: 'Select all loaded rows' }).isChecked()).toBe(false)

    await page.getByRole('searchbox', { name: 'Search users' }).fill('')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('13')
    expect(await rowOf(grid, 'User 00007').getByRole('checkbox', { name: 'Select User 00007' }).isChecked()).toBe(false)
    expect(errors).toEqual([])
  })

  it('soft-deletes the users picked by row checkboxes and by "select all" in one batch, then shows them with Restore', async () => {
    const { page, errors } = await e2e.open()
    const { sql } = e2e.db
    const saves = countCalls(page, 'users.save')
    const grid = gridOf(page, 'Users')
    await rowOf(grid, 'User 00001').waitFor()

    for (const name of ['User 00002', 'User 00004', 'User 00006']) await select(grid, name)
    await page.getByRole('button', { name: 'Delete 3 selected' }).click()
    for (const name of ['User 00002', 'User 00004', 'User 00006']) {
      const row = rowOf(grid, name)
      expect(await row.getByLabel('staged deleted').count()).toBe(1)
      expect(await row.getByRole('checkbox').isChecked()).toBe(false)
    }
    await page.mouse.move(0, 0)
    const colours = await rowColours(rowOf(grid, 'User 00004'), '--row-deleted')
    expect(colours.row).toBe(colours.theme)
    expect((await rowColours(rowOf(grid, 'User 00005'), '--row-deleted')).row).not.toBe(colours.theme)
    expect(await page.getByRole('button', { name: 'Delete selected' }).isDisabled()).toBe(true)

    // "Select all" in the header picks every row shown: here the search's three.
    await page.getByRole('searchbox', { name: 'Search users' }).fill('User 0001')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('4')
    await grid.getByRole('checkbox', { name: 'Select all loaded rows' }).check()
    for (const name of ['User 00010', 'User 00011', 'User 00012']) expect(await rowOf(grid, name).getByRole('checkbox').isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Delete 3 selected' }).click()
    expect(await grid.getByLabel('staged deleted').count()).toBe(3)
    await e2e.screenshot(page, 'users-bulk-delete-staged')

    // Nothing is written before Save; Save sends all six deletes as one batch.
    expect(await sql`select 1 from users where deleted_at is not null`).toHaveLength(0)
    await saveChanges(page, 6)
    expect(saves()).toBe(1)
    const deleted = await sql<{ name: string }[]>`select name from users where deleted_at is not null order by name`
    expect(deleted.map((r) => r.name)).toEqual(['User 00002', 'User 00004', 'User 00006', 'User 00010', 'User 00011', 'User 00012'])
    expect(await sql`select 1 from users where deleted_at is null`).toHaveLength(6)

    // Gone from the list; "Show deleted" brings them back, each with Restore.
    await page.getByRole('searchbox', { name: 'Search users' }).fill('')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('7')
    expect(await rowOf(grid, 'User 00004').count()).toBe(0)
    await chooseMore(page, 'Show deleted')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('13')
    for (const { name } of deleted) expect(await rowOf(grid, name).getByRole('button', { name: `Restore ${name}` }).count()).toBe(1)
    expect(await rowOf(grid, 'User 00005').getByRole('button', { name: 'Restore User 00005' }).count()).toBe(0)
    await e2e.screenshot(page, 'users-bulk-deleted-shown')
    expect(errors).toEqual([])
  })

  it('deletes roles for real, with their assignments', async () => {
    const { page, errors } = await e2e.open({ colorScheme: 'dark' })
    const { sql } = e2e.db
    await sql`insert into roles (name, description) values ('Auditor', 'Reads the logs'), ('Support', 'Answers the phone')`
    await sql`
      insert into user_roles (user_id, role_id)
      select u.id, r.id from users u cross join roles r where u.name in ('User 00001', 'User 00003', 'User 00005')`
    const saves = countCalls(page, 'roles.save')
    await openScreen(page, 'Roles')
    const grid = gridOf(page, 'Roles')
    await rowOf(grid, 'Support').waitFor()

    // All five, then keep two.
    await grid.getByRole('checkbox', { name: 'Select all loaded rows' }).check()
    await rowOf(grid, 'Administrator').getByRole('checkbox', { name: 'Select Administrator' }).uncheck()
    await rowOf(grid, 'Viewer').getByRole('checkbox', { name: 'Select Viewer' }).uncheck()
    await page.getByRole('button', { name: 'Delete 3 selected' }).click()
    // Roles users hold: asked first, with their holders counted.
    const confirm = page.getByRole('alertdialog', { name: 'Delete 3 roles?' })
    await confirm.waitFor()
    expect(await confirm.textContent()).toContain('9 assignments to users go with them.')
    await confirm.getByRole('button', { name: 'Delete 3 roles' }).click()
    await expect.poll(() => grid.getByLabel('staged deleted').count()).toBe(3)
    await page.mouse.move(0, 0)
    const colours = await rowColours(rowOf(grid, 'Editor'), '--row-deleted')
    expect(colours.row).toBe(colours.theme)
    await e2e.screenshot(page, 'roles-bulk-delete-staged-dark')

    await saveChanges(page, 3)
    expect(saves()).toBe(1)
    expect((await sql<{ name: string }[]>`select name from roles order by name`).map((r) => r.name)).toEqual(['Administrator', 'Viewer'])
    const assignments = await sql<{ name: string; n: number }[]>`
      select r.name, count(*)::int as n from user_roles ur join roles r on r.id = ur.role_id group by r.name order by r.name`
    expect(assignments).toEqual([
      { name: 'Administrator', n: 3 },
      { name: 'Viewer', n: 3 },
    ])
    expect(await sql`select 1 from user_roles ur where not exists (select 1 from roles r where r.id = ur.role_id)`).toHaveLength(0)
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('3')
    expect(await rowOf(grid, 'Editor').count()).toBe(0)
    await e2e.screenshot(page, 'roles-bulk-deleted-dark')
    expect(errors).toEqual([])
  })
})
