/// <reference types="node" />
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, chooseMore, editText, expectCellText, expectRowsLoaded, gridOf, rowOf, saveButton, saveChanges } from './gridPage'
import { inEveryLook, LOOKS, startE2e, type E2e } from './support'

describe('the row form and field-by-field conflicts (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 40 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  const userByEmail = async (email: string) => (await e2e.db.sql`select name, email from users where email = ${email}`)[0]
  const form = (page: Page) => page.getByRole('dialog')
  /** Another program's write: a new updated_at, as another Roster's save would give it. */
  const writeBehind = (email: string, changes: { name?: string; email?: string }) =>
    e2e.db.sql`update users set ${e2e.db.sql(changes)}, updated_at = date_trunc('milliseconds', clock_timestamp()) where email = ${email}`
  /** The window regains focus: what is on screen is read again from the database. */
  const refocus = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')))
  /** What a person sees, light and dark, wide and narrow. */
  const screenshots = (page: Page, name: string) =>
    inEveryLook(page, async (look) => {
      await e2e.screenshot(page, `${name}-${look}`)
    })
  /** Whether a pointer at the element's centre (or its right end) reaches it, not something laid over it. */
  const inReach = (target: Locator, at: 'centre' | 'right end' = 'centre') =>
    target.evaluate((element, at) => {
      const box = element.getBoundingClientRect()
      const hit = document.elementFromPoint(at === 'centre' ? (box.left + box.right) / 2 : box.right - 4, (box.top + box.bottom) / 2)
      return hit !== null && element.contains(hit)
    }, at)
  /** A fresh page with a row's form opened from the toolbar's More menu. */
  const openFormOn = async (rowName: string) => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    await (await cellOf(grid, rowName, 'Name')).click()
    await chooseMore(page, 'Open row form')
    const dialog = form(page)
    await dialog.getByRole('heading', { name: rowName }).waitFor()
    return { page, errors, grid, dialog }
  }
  const conflictOf = async (grid: Locator, rowName: string) => {
    const row = rowOf(grid, rowName)
    await expect.poll(() => row.getAttribute('aria-invalid')).toBe('true')
    return row
  }

  it('Enter on the row header opens the row as a form: its edits are the grid’s, one Ctrl+Z each; a bad email is refused in the form; Escape goes back to the grid', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    await (await cellOf(grid, 'User 00002', 'Email')).click()
    // Home, then left: the row header (the selection box), where Enter opens the form.
    await page.keyboard.press('Home')
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('Enter')
    const dialog = form(page)
    await dialog.getByRole('heading', { name: 'User 00002' }).waitFor()
    // Every field, read-only ones too; the first editable one has the focus.
    const name = dialog.getByRole('textbox', { name: 'Name' })
    await expect.poll(() => name.evaluate((input) => input === document.activeElement)).toBe(true)
    for (const label of ['Created', 'Updated']) expect(await dialog.getByText(label, { exact: true }).count()).toBe(1)
    expect(await dialog.getByRole('switch', { name: 'Active' }).isChecked()).toBe(true)

    await name.fill('Formed Name')
    await name.press('Enter')
    await expectCellText(grid, 'Formed Name', 'Name', 'Formed Name')
    // The agency with the grid's own picker, opened from the form.
    await dialog.getByRole('button', { name: /^Agency/ }).click()
    await page.getByRole('combobox', { name: 'Search agencies' }).fill('Agency E')
    await page.getByRole('combobox', { name: 'Search agencies' }).press('Enter')
    await expectCellText(grid, 'Formed Name', 'Agency', 'Agency E')
    expect(await saveButton(page).textContent()).toBe('Save 1 change')
    await screenshots(page, 'row-form')

    // One undo per form edit, from the form itself.
    await page.keyboard.press('Control+z')
    await expectCellText(grid, 'Formed Name', 'Agency', 'Agency C')
    await name.press('Control+z')
    await expectCellText(grid, 'User 00002', 'Name', 'User 00002')
    await expect.poll(() => name.inputValue()).toBe('User 00002')
    expect(await page.getByRole('button', { name: 'No changes' }).isDisabled()).toBe(true)

    // The field's own rule refuses a bad address, under the field; nothing is staged.
    const email = dialog.getByRole('textbox', { name: 'Email' })
    await email.fill('not-an-email')
    await email.press('Enter')
    const error = dialog.getByRole('alert')
    await error.waitFor()
    expect(await error.textContent()).toMatch(/email/i)
    expect(await email.getAttribute('aria-invalid')).toBe('true')
    await expectCellText(grid, 'User 00002', 'Email', 'user2@example.com')
    expect(await page.getByRole('button', { name: 'No changes' }).isDisabled()).toBe(true)
    await e2e.screenshot(page, 'row-form-invalid-email')

    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.count()).toBe(0)
    // Focus goes back as the dialog unmounts, a frame after it leaves the DOM (a full run once read it before).
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid')
    expect(await userByEmail('user2@example.com')).toEqual({ name: 'User 00002', email: 'user2@example.com' })
    expect(errors).toEqual([])
  })

  it('the form sits beside the rows: Reload, the status bar, the toolbar and the active row stay in reach at 1400 and 1024 px', async () => {
    const { page, errors, grid, dialog } = await openFormOn('User 00003')
    const reload = page.getByRole('button', { name: 'Reload data' })
    for (const { viewport, name: look } of LOOKS.filter(({ colorScheme }) => colorScheme === 'light')) {
      await page.setViewportSize(viewport)
      expect(await inReach(reload), look).toBe(true)
      expect(await inReach(page.getByRole('contentinfo', { name: 'Status' }), 'right end'), look).toBe(true)
      expect(await inReach(page.getByRole('button', { name: 'More actions' })), look).toBe(true)
      expect(await inReach(page.getByRole('combobox', { name: 'Page size' })), look).toBe(true)
      // The grid narrows beside the form: the active row's name and email are not under it.
      expect(await inReach(await cellOf(grid, 'User 00003', 'Name')), look).toBe(true)
      expect(await inReach(await cellOf(grid, 'User 00003', 'Email')), look).toBe(true)
      await e2e.screenshot(page, `row-form-beside-${look}`)
    }
    // Reload works with the form open, and leaves it open on the same row.
    await reload.click()
    await expectRowsLoaded(grid)
    expect(await dialog.getByRole('heading').textContent()).toBe('User 00003')
    expect(errors).toEqual([])
  })

  it('Ctrl+S with the roles picker open in the form saves the roles ticked so far, as in a grid cell', async () => {
    const { page, errors, grid, dialog } = await openFormOn('User 00006')
    await dialog.getByRole('button', { name: /^Roles/ }).click()
    const picker = page.getByRole('dialog', { name: 'Roles of User 00006' })
    await picker.getByRole('option', { name: 'Editor' }).click()
    await expect.poll(() => picker.getByRole('option', { name: 'Editor' }).getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Control+s')
    await expect.poll(() => page.getByRole('status').filter({ hasText: /^Saved 1 change\.$/ }).count()).toBe(1)
    expect(await picker.count()).toBe(0)
    await expectCellText(grid, 'User 00006', 'Roles', 'Editor')
    const roles = await e2e.db.sql`select r.name from user_roles ur join roles r on r.id = ur.role_id join users u on u.id = ur.user_id where u.email = 'user6@example.com'`
    expect(roles.map((role) => role.name)).toEqual(['Editor'])
    expect(errors).toEqual([])
  })

  it('a conflict shows their value and mine per field; theirs for one and mine for another saves the mix', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    await editText(page, grid, 'User 00004', 'Email', 'mine4@example.com')
    await editText(page, grid, 'User 00004', 'Name', 'Mine Four')
    await writeBehind('user4@example.com', { name: 'Theirs Four', email: 'theirs4@example.com' })
    await refocus(page)
    await conflictOf(grid, 'Mine Four')

    await page.getByRole('button', { name: 'Resolve Mine Four' }).click()
    const dialog = form(page)
    const nameChoice = dialog.getByRole('radiogroup', { name: 'Name' })
    const emailChoice = dialog.getByRole('radiogroup', { name: 'Email' })
    await nameChoice.waitFor()
    expect(await nameChoice.innerText()).toMatch(/Theirs\s+Theirs Four\s+Yours\s+Mine Four/)
    expect(await emailChoice.innerText()).toMatch(/Theirs\s+theirs4@example\.com\s+Yours\s+mine4@example\.com/)
    await screenshots(page, 'row-form-conflict')

    await nameChoice.getByRole('radio', { name: /Theirs/ }).check()
    await dialog.getByRole('button', { name: 'Use chosen values' }).click()
    await expect.poll(() => nameChoice.count()).toBe(0)
    await expectCellText(grid, 'Theirs Four', 'Email', 'mine4@example.com')
    expect(await rowOf(grid, 'Theirs Four').getAttribute('aria-invalid')).toBeNull()
    await page.keyboard.press('Escape')
    // Checked against their version now: the save is not refused.
    await saveChanges(page, 1)
    expect(await userByEmail('mine4@example.com')).toEqual({ name: 'Theirs Four', email: 'mine4@example.com' })
    expect(errors).toEqual([])
  })

  it('a save refused as a conflict, then Reload: their version, with my edits to the fields they did not change', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    await editText(page, grid, 'User 00005', 'Email', 'mine5@example.com')
    await editText(page, grid, 'User 00005', 'Name', 'Mine Five')
    await writeBehind('user5@example.com', { name: 'Theirs Five' })
    await saveButton(page).click()

    const banner = page.getByRole('alert').filter({ hasText: 'Changed by someone else.' })
    await banner.waitFor()
    // Their version is read at once: the row offers the comparison.
    await page.getByRole('button', { name: 'Resolve Mine Five' }).waitFor()
    await banner.getByRole('button', { name: 'Reload' }).click()
    await expect.poll(() => banner.count()).toBe(0)
    await expectCellText(grid, 'Theirs Five', 'Email', 'mine5@example.com')
    expect(await rowOf(grid, 'Theirs Five').getAttribute('aria-invalid')).toBeNull()
    await saveChanges(page, 1)
    expect(await userByEmail('mine5@example.com')).toEqual({ name: 'Theirs Five', email: 'mine5@example.com' })
    expect(errors).toEqual([])
  })
})
