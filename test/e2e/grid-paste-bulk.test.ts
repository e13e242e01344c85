/// <reference types="node" />
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, expectCellText, gridOf, rowOf, saveButton, saveChanges } from './gridPage'
import { startE2e, type E2e } from './support'

/** Puts text on the page's clipboard, as a spreadsheet's copy would (Chromium, with the permission granted). */
async function copyToClipboard(context: BrowserContext, page: Page, text: string) {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await page.evaluate((value) => navigator.clipboard.writeText(value), text)
}

/**
 * Selects a cell (focusing the grid) by a click in its corner, beside any switch in it (a click on
 * the switch would flip it), and presses Ctrl+V there once it is selected.
 */
async function pasteInto(page: Page, cell: Locator) {
  await cell.click({ position: { x: 3, y: 3 } })
  await expect.poll(() => cell.getAttribute('aria-selected')).toBe('true')
  await page.keyboard.press('Control+V')
}

/** Pastes into the cell of a row (by name) and column. */
async function pasteAt(page: Page, grid: Locator, rowName: string, column: string) {
  await pasteInto(page, await cellOf(grid, rowName, column))
}

describe('paste, fill down and bulk edit in the users grid (browser mode, real PostgreSQL)', () => {
  let e2e: E2e
  const userByEmail = async (email: string) => {
    const [row] = await e2e.db.sql<{ name: string; agency: string | null; roles: string[]; active: boolean }[]>`
      select u.name, a.name as agency, u.is_active as active,
             coalesce(array(select r.name from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id order by r.name), '{}') as roles
      from users u left join agencies a on a.id = u.agency_id where u.email = ${email}`
    return row
  }

  beforeAll(async () => {
    e2e = await startE2e({ users: 30 })
    await e2e.db.sql`insert into agencies (name) values ('Cedar Valley Schools')`
    // Fifty users a search finds on their own, for the bulk edit.
    await e2e.db.sql`
      insert into users (email, name) select 'visitor' || g || '@example.com', 'Visitor ' || lpad(g::text, 3, '0') from generate_series(1, 50) g`
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('pastes a 3×2 block of agencies and roles by name from TSV, each cell staged, and saves it', async () => {
    const { page, context, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    // As Sheets copies it: a quoted cell, and a closing line break.
    await copyToClipboard(context, page, 'Agency E\tAdministrator; Viewer\nCedar Valley Schools\t"Editor"\nagency e\t\r\n')
    await pasteAt(page, grid, 'User 00001', 'Agency')

    await expectCellText(grid, 'User 00001', 'Agency', 'Agency E')
    await expectCellText(grid, 'User 00002', 'Agency', 'Cedar Valley Schools')
    await expectCellText(grid, 'User 00003', 'Agency', 'Agency E')
    await expectCellText(grid, 'User 00001', 'Roles', /^Administrator\s+Viewer$/)
    await expectCellText(grid, 'User 00002', 'Roles', 'Editor')
    expect(await (await cellOf(grid, 'User 00003', 'Roles')).getAttribute('class')).not.toContain('cell-changed')
    expect(await (await cellOf(grid, 'User 00002', 'Agency')).getAttribute('class')).toContain('cell-changed')
    expect(await page.getByRole('status').filter({ hasText: 'Pasted 6 cells.' }).count()).toBe(1)

    await saveChanges(page, 3)
    expect(await userByEmail('user1@example.com')).toMatchObject({ agency: 'Agency E', roles: ['Administrator', 'Viewer'] })
    expect(await userByEmail('user2@example.com')).toMatchObject({ agency: 'Cedar Valley Schools', roles: ['Editor'] })
    expect(await userByEmail('user3@example.com')).toMatchObject({ agency: 'Agency E', roles: [] })
    expect(errors).toEqual([])
  })

  it('marks an invalid pasted cell with why, stages the rest, skips read-only columns, and undoes the paste in one step', async () => {
    const { page, context, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await copyToClipboard(context, page, 'Nina Q\tnina@example.com\nOmar R\tnot-an-email\nPia S\tpia@example.com\n')
    await pasteAt(page, grid, 'User 00005', 'Name')

    await expectCellText(grid, 'Nina Q', 'Email', 'nina@example.com')
    await expectCellText(grid, 'Pia S', 'Email', 'pia@example.com')
    // The refused email keeps the old value, marked with why.
    const refused = await cellOf(grid, 'Omar R', 'Email')
    await expect.poll(() => refused.getAttribute('aria-invalid')).toBe('true')
    expect(await refused.innerText()).toMatch(/^user6@example\.com/)
    await refused.hover()
    await expect.poll(() => page.getByText('Not pasted: not-an-email is not a valid email address').last().isVisible()).toBe(true)
    expect(await page.getByRole('status').filter({ hasText: '1 value was not pasted' }).count()).toBe(1)
    await e2e.screenshot(page, 'paste-invalid-cell')

    // One undo step takes back the whole paste, and the marks with it.
    await page.keyboard.press('Control+Z')
    for (const n of [5, 6, 7]) await expectCellText(grid, `User 0000${n}`, 'Email', `user${n}@example.com`)
    expect(await (await cellOf(grid, 'User 00006', 'Email')).getAttribute('aria-invalid')).toBeNull()
    expect(await page.getByRole('button', { name: 'No changes' }).isDisabled()).toBe(true)

    // Pasted onto Created (read-only) and Active: the dates are skipped, with a note.
    await copyToClipboard(context, page, 'no\t2020-01-01')
    await pasteAt(page, grid, 'User 00008', 'Active')
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Skipped read-only column Created.' }).count()).toBe(1)
    expect(await (await cellOf(grid, 'User 00008', 'Active')).getByRole('switch').getAttribute('aria-checked')).toBe('false')
    expect(errors).toEqual([])
  })

  it('fills down from the top cell of a selection (Ctrl+D) and clears an agency with Delete', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    const activeOf = async (name: string) => (await cellOf(grid, name, 'Active')).getByRole('switch').getAttribute('aria-checked')
    expect(await activeOf('User 00014')).toBe('false')
    await (await cellOf(grid, 'User 00010', 'Agency')).click()
    await (await cellOf(grid, 'User 00014', 'Active')).click({ modifiers: ['Shift'] })
    await page.keyboard.press('Control+D')
    for (const name of ['User 00011', 'User 00012', 'User 00013', 'User 00014']) await expectCellText(grid, name, 'Agency', 'Agency C')
    // Active went down with it: User 00014 was inactive.
    await expect.poll(() => activeOf('User 00014')).toBe('true')

    await (await cellOf(grid, 'User 00012', 'Email')).click()
    await (await cellOf(grid, 'User 00012', 'Agency')).click({ modifiers: ['Shift'] })
    await page.keyboard.press('Delete')
    await expectCellText(grid, 'User 00012', 'Agency', '—')
    await expectCellText(grid, 'User 00012', 'Email', 'user12@example.com')
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Email cannot be empty: left as it was.' }).count()).toBe(1)

    await saveChanges(page, 4)
    expect(await userByEmail('user11@example.com')).toMatchObject({ agency: 'Agency C', active: true })
    expect(await userByEmail('user12@example.com')).toMatchObject({ agency: null })
    expect(await userByEmail('user14@example.com')).toMatchObject({ agency: 'Agency C', active: true })
    expect(errors).toEqual([])
  })

  it('sets the agency of 50 selected users in one step from the bulk-edit menu, and saves it', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await page.getByRole('searchbox', { name: 'Search users' }).fill('Visitor')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('51')
    await grid.getByRole('checkbox', { name: 'Select all loaded rows' }).check()

    await page.getByRole('button', { name: 'Edit 50 selected' }).click()
    const menu = page.getByRole('dialog', { name: 'Edit 50 selected users' })
    await menu.getByRole('button', { name: 'Set agency…' }).waitFor()
    await e2e.screenshot(page, 'bulk-edit-menu')
    await menu.getByRole('button', { name: 'Set agency…' }).click()
    const picker = page.getByRole('dialog', { name: 'Set agency of 50 selected users' })
    await picker.getByRole('combobox', { name: 'Search agencies' }).pressSequentially('cedar')
    await picker.getByRole('option', { name: 'Cedar Valley Schools' }).waitFor()
    await e2e.screenshot(page, 'bulk-edit-agency-picker')
    await picker.getByRole('combobox', { name: 'Search agencies' }).press('Enter')

    await expectCellText(grid, 'Visitor 001', 'Agency', 'Cedar Valley Schools')
    await expectCellText(grid, 'Visitor 012', 'Agency', 'Cedar Valley Schools')
    expect(await rowOf(grid, 'Visitor 012').getByLabel('staged updated').count()).toBe(1)
    const saveFifty = page.getByRole('button', { name: 'Save 50 changes' })
    await saveFifty.waitFor()
    // One step: a single undo takes back all fifty, and redo brings them again.
    await page.getByRole('button', { name: 'Undo' }).click()
    await expectCellText(grid, 'Visitor 001', 'Agency', '—')
    expect(await page.getByRole('button', { name: 'No changes' }).isDisabled()).toBe(true)
    await page.getByRole('button', { name: 'Redo' }).click()
    await saveFifty.waitFor()

    await saveChanges(page, 50)
    const [agencyCount] = await e2e.db.sql<{ count: number }[]>`
      select count(*)::int as count from users u join agencies a on a.id = u.agency_id where u.name like 'Visitor %' and a.name = 'Cedar Valley Schools'`
    expect(agencyCount?.count).toBe(50)
    expect(errors).toEqual([])
  })

  it('offers to add pasted rows past the last row as new users, in the same step', async () => {
    const { page, context, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await page.getByRole('searchbox', { name: 'Search users' }).fill('User 00030')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('2')
    await copyToClipboard(context, page, 'Thirty\tthirty@example.com\nQuinn New\tquinn@example.com\nRita New\trita@example.com')
    await pasteAt(page, grid, 'User 00030', 'Name')

    const prompt = page.getByRole('alertdialog', { name: 'Paste past the last row' })
    await prompt.waitFor()
    await e2e.screenshot(page, 'paste-new-rows-prompt')
    await prompt.getByRole('button', { name: 'Add 2 new users' }).click()
    await expectCellText(grid, 'Quinn New', 'Email', 'quinn@example.com')
    await expectCellText(grid, 'Rita New', 'Email', 'rita@example.com')
    await expectCellText(grid, 'Thirty', 'Email', 'thirty@example.com')

    await saveChanges(page, 3)
    expect(await userByEmail('quinn@example.com')).toMatchObject({ name: 'Quinn New', active: true })
    expect(await userByEmail('thirty@example.com')).toMatchObject({ name: 'Thirty' })
    expect(errors).toEqual([])
  })

  it('pastes a column longer than the rows on screen into rows not loaded yet', async () => {
    const { page, context, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    // Blocks of 50 rows: only the first is read for the rows on screen.
    await page.getByRole('combobox', { name: 'Page size' }).selectOption('50')
    const [live] = await e2e.db.sql<{ total: number; active: number }[]>`
      select count(*)::int as total, (count(*) filter (where is_active))::int as active from users where deleted_at is null`
    expect(live?.total).toBeGreaterThan(50)
    await copyToClipboard(context, page, Array.from({ length: live?.total ?? 0 }, () => 'no').join('\n'))
    // Every row counted (the blocks of the new size read), then pasted from the first row's Active cell.
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String((live?.total ?? 0) + 1))
    const activeIndex = await grid.getByRole('columnheader', { name: 'Active', exact: true }).getAttribute('aria-colindex')
    const nameIndex = await grid.getByRole('columnheader', { name: 'Name', exact: true }).getAttribute('aria-colindex')
    const firstRow = grid.getByRole('row').nth(1)
    await pasteInto(page, firstRow.locator(`[aria-colindex="${activeIndex}"]`))

    await expect.poll(() => page.getByRole('status').filter({ hasText: `Pasted ${live?.total} cells.` }).count(), { timeout: 20_000 }).toBe(1)
    // Pasted down the Active column: the first row's Name is as it was.
    expect(await firstRow.locator(`[aria-colindex="${nameIndex}"]`).getAttribute('class')).not.toContain('cell-changed')
    // Every active user, the last ones included, is staged inactive. (Polled for its text, so a
    // wrong count is reported as the count shown, not as a button never found.)
    await expect.poll(() => saveButton(page).textContent({ timeout: 1_000 }).catch(() => 'no Save button'), { timeout: 20_000 }).toBe(`Save ${live?.active} changes`)
    expect(errors).toEqual([])
  })
})
