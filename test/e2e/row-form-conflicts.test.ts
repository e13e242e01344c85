/// <reference types="node" />
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, editText, expectCellText, expectRowsLoaded, gridOf, rowOf, saveButton, saveChanges } from './gridPage'
import { startE2e, type E2e } from './support'

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
  /** What a person sees, light and dark, wide and narrow: one page, its colour scheme and size switched. */
  const screenshots = async (page: Page, name: string) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const viewport of [
        { width: 1400, height: 900 },
        { width: 1024, height: 768 },
      ]) {
        await page.emulateMedia({ colorScheme })
        await page.setViewportSize(viewport)
        await e2e.screenshot(page, `${name}-${colorScheme}-${viewport.width}x${viewport.height}`)
      }
    }
    await page.emulateMedia({ colorScheme: 'light' })
    await page.setViewportSize({ width: 1280, height: 820 })
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
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('grid')
    expect(await userByEmail('user2@example.com')).toEqual({ name: 'User 00002', email: 'user2@example.com' })
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
