/// <reference types="node" />
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, editText, expectCellText, expectRowsLoaded, gridOf, rowOf, saveButton, saveChanges } from './gridPage'
import { startE2e, type E2e } from './support'

const USERS = 3_000

/** Waits until the grid lists `count` rows (the header row not counted) and every row shown is loaded. */
async function expectRowCount(grid: Locator, count: number) {
  await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(count + 1))
  await expectRowsLoaded(grid)
}

/** Every staged edit of the first test, as the grid shows it. */
async function expectStagedEditsShown(page: Page, grid: Locator) {
  await expectCellText(grid, 'Renamed Two', 'Name', 'Renamed Two')
  expect(await (await cellOf(grid, 'Renamed Two', 'Name')).getAttribute('class')).toContain('cell-changed')
  expect(await rowOf(grid, 'Renamed Two').getByLabel('staged updated').count()).toBe(1)

  await expectCellText(grid, 'User 00005', 'Email', 'five@example.com')
  expect(await (await cellOf(grid, 'User 00005', 'Email')).getAttribute('class')).toContain('cell-changed')

  expect(await rowOf(grid, 'User 00004').getByRole('switch', { name: 'Active of User 00004' }).getAttribute('aria-checked')).toBe('false')
  expect(await rowOf(grid, 'User 00004').getByLabel('staged updated').count()).toBe(1)

  expect(await rowOf(grid, 'User 00003').getByLabel('staged deleted').count()).toBe(1)

  await expectCellText(grid, 'Newbie Person', 'Email', 'newbie@example.com')
  expect(await rowOf(grid, 'Newbie Person').getByLabel('staged inserted').count()).toBe(1)
  expect(await saveButton(page).textContent()).toBe('Save 5 changes')
}

describe('staged edits survive sorting, filtering, searching and paging (browser mode, real PostgreSQL)', () => {
  let e2e: E2e
  const userByEmail = async (email: string) =>
    (await e2e.db.sql<{ name: string; email: string; isActive: boolean; deletedAt: Date | null }[]>`
      select name, email, is_active as "isActive", deleted_at as "deletedAt" from users where email = ${email}`)[0]

  beforeAll(async () => {
    e2e = await startE2e({ users: USERS })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('keeps a changed name, a new row and a deleted row through sort, filter, search and Ctrl+End, then saves them all', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowCount(grid, USERS)

    await editText(page, grid, 'User 00002', 'Name', 'Renamed Two')
    await editText(page, grid, 'User 00005', 'Email', 'five@example.com')
    await rowOf(grid, 'User 00004').getByRole('switch', { name: 'Active of User 00004' }).click()
    await rowOf(grid, 'User 00003').getByRole('checkbox', { name: 'Select User 00003' }).check()
    await page.getByRole('button', { name: 'Delete 1 selected' }).click()
    await page.getByRole('button', { name: '+ Add user' }).click()
    await page.getByRole('textbox', { name: 'Name of New user' }).fill('Newbie Person')
    await page.keyboard.press('Tab')
    await page.keyboard.type('newbie@example.com')
    await page.keyboard.press('Enter')
    await expectStagedEditsShown(page, grid)

    // Sort by email, descending: the edited rows are far down, the new row stays on top.
    const emailHeader = grid.getByRole('columnheader', { name: 'Email', exact: true })
    // One click at a time: under load a second click could come before the first one's sort showed.
    await emailHeader.getByTitle(/^Sort/).click()
    await expect.poll(() => emailHeader.getAttribute('aria-sort')).toBe('ascending')
    await emailHeader.getByTitle(/^Sort/).click()
    await expect.poll(() => emailHeader.getAttribute('aria-sort')).toBe('descending')
    await expectCellText(grid, 'User 00999', 'Email', 'user999@example.com')
    expect(await rowOf(grid, 'Renamed Two').count()).toBe(0)
    expect(await rowOf(grid, 'Newbie Person').getByLabel('staged inserted').count()).toBe(1)
    expect(await saveButton(page).textContent()).toBe('Save 5 changes')

    // A filter and a search that hide every edited row.
    await page.getByRole('combobox', { name: 'Filter Active' }).selectOption('false')
    await page.getByRole('searchbox', { name: 'Search users' }).fill('user2996')
    await expectRowCount(grid, 2)
    expect(await rowOf(grid, 'User 02996').count()).toBe(1)
    for (const hidden of ['Renamed Two', 'User 00003', 'User 00004', 'User 00005']) expect(await rowOf(grid, hidden).count()).toBe(0)
    expect(await saveButton(page).textContent()).toBe('Save 5 changes')
    await e2e.screenshot(page, 'users-staged-hidden-by-search')
    await page.getByRole('searchbox', { name: 'Search users' }).fill('')
    await page.getByRole('combobox', { name: 'Filter Active' }).selectOption('')
    await expectRowCount(grid, USERS + 1)

    // Far away: the last page.
    await grid.focus()
    await grid.press('Control+End')
    await expect.poll(() => grid.getByRole('row').last().getAttribute('aria-rowindex')).toBe(String(USERS + 2))
    await expectRowsLoaded(grid)
    expect(await rowOf(grid, 'Renamed Two').count()).toBe(0)
    await page.getByRole('combobox', { name: 'Page size' }).selectOption('50')
    // A smaller page size keeps the view where it was: still the last page.
    await expect.poll(() => page.getByText(/^Page \d+ of 60$/).textContent()).toBe('Page 60 of 60')
    await expectRowsLoaded(grid)
    await page.getByRole('button', { name: 'Previous page' }).click()
    await expect.poll(() => page.getByText(/^Page \d+ of 60$/).textContent()).toBe('Page 59 of 60')
    await expectRowsLoaded(grid)
    expect(await saveButton(page).textContent()).toBe('Save 5 changes')
    await e2e.screenshot(page, 'users-staged-at-the-end')

    // Back: no sort, the top of the list. Everything staged is there, as it was.
    await emailHeader.getByTitle(/^Sort/).click()
    await expect.poll(() => emailHeader.getAttribute('aria-sort')).toBe('none')
    await grid.press('Control+Home')
    await expectStagedEditsShown(page, grid)
    await e2e.screenshot(page, 'users-staged-survived')

    expect(await userByEmail('user2@example.com')).toMatchObject({ name: 'User 00002' })
    await saveChanges(page, 5)
    expect(await userByEmail('user2@example.com')).toMatchObject({ name: 'Renamed Two', deletedAt: null })
    expect(await userByEmail('user3@example.com')).toMatchObject({ name: 'User 00003', deletedAt: expect.any(Date) })
    expect(await userByEmail('user4@example.com')).toMatchObject({ name: 'User 00004', isActive: false })
    expect(await userByEmail('five@example.com')).toMatchObject({ name: 'User 00005' })
    expect(await userByEmail('user5@example.com')).toBeUndefined()
    expect(await userByEmail('newbie@example.com')).toMatchObject({ name: 'Newbie Person', isActive: true, deletedAt: null })
    expect(errors).toEqual([])
  })

  it('saves edited rows that the current filter hides, including one edited under another filter', async () => {
    const { page, errors } = await e2e.open({ colorScheme: 'dark' })
    const grid = gridOf(page, 'Users')
    const nameFilter = page.getByRole('searchbox', { name: 'Filter Name' })
    await editText(page, grid, 'User 00010', 'Name', 'Hidden Ten')
    await nameFilter.fill('User 0002')
    await rowOf(grid, 'User 00021').waitFor()
    await expectRowCount(grid, 10)
    expect(await rowOf(grid, 'Hidden Ten').count()).toBe(0)
    await editText(page, grid, 'User 00025', 'Name', 'Hidden Twenty-five')

    await nameFilter.fill('User 0003')
    await rowOf(grid, 'User 00031').waitFor()
    await expectRowCount(grid, 10)
    expect(await rowOf(grid, 'Hidden Twenty-five').count()).toBe(0)
    expect(await saveButton(page).textContent()).toBe('Save 2 changes')
    await e2e.screenshot(page, 'users-save-hidden-rows-dark')

    await saveChanges(page, 2)
    expect(await userByEmail('user10@example.com')).toMatchObject({ name: 'Hidden Ten' })
    expect(await userByEmail('user25@example.com')).toMatchObject({ name: 'Hidden Twenty-five' })
    // The filter still applies after the save.
    await expectRowCount(grid, 10)
    expect(errors).toEqual([])
  })
})
