/// <reference types="node" />
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, editText, expectCellText, gridOf, openScreen, rowOf, saveButton } from './gridPage'
import { startE2e, type E2e } from './support'

const savedMessage = (page: Page) => page.getByRole('status').filter({ hasText: /^Saved \d+ changes?\.$/ })

describe('keyboard, clipboard, leaving and reloading (browser mode, real PostgreSQL)', () => {
  let e2e: E2e
  const nameOf = async (email: string) => (await e2e.db.sql<{ name: string }[]>`select name from users where email = ${email}`)[0]?.name

  beforeAll(async () => {
    e2e = await startE2e({ users: 30 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('copies the active cell, and a Shift+arrow range, as tab-separated text', async () => {
    const { page, context, errors } = await e2e.open()
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.roster.origin })
    const grid = gridOf(page, 'Users')
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText())

    await (await cellOf(grid, 'User 00001', 'Email')).click()
    await page.keyboard.press('ControlOrMeta+c')
    await expect.poll(clipboard).toBe('user1@example.com')

    await (await cellOf(grid, 'User 00002', 'Name')).click()
    await page.keyboard.press('Shift+ArrowDown')
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('Shift+ArrowRight')
    expect(await grid.locator('[aria-selected="true"]').count()).toBe(6)
    await e2e.screenshot(page, 'users-range-selected')
    await page.keyboard.press('ControlOrMeta+c')
    const [agency2, agency3] = await e2e.db.sql<{ name: string }[]>`
      select a.name from users u join agencies a on a.id = u.agency_id where u.email in ('user2@example.com', 'user3@example.com') order by u.name`
    await expect
      .poll(clipboard)
      .toBe(`User 00002\tuser2@example.com\t${agency2!.name}\nUser 00003\tuser3@example.com\t${agency3!.name}`)
    expect(errors).toEqual([])
  })

  it('Ctrl/Cmd+S commits the open editor and saves in the same keypress, or shows why not', async () => {
    const { page, errors } = await e2e.open({ colorScheme: 'dark' })
    const grid = gridOf(page, 'Users')

    await (await cellOf(grid, 'User 00010', 'Name')).dblclick()
    await page.getByRole('textbox', { name: 'Name of User 00010' }).fill('Ten Saved')
    await page.keyboard.press('ControlOrMeta+s')
    await expect.poll(() => savedMessage(page).count()).toBe(1)
    expect(await nameOf('user10@example.com')).toBe('Ten Saved')
    await expectCellText(grid, 'Ten Saved', 'Name', 'Ten Saved')

    // A staged edit, then an invalid value left in an open editor: nothing is saved.
    await editText(page, grid, 'User 00012', 'Name', 'Twelve')
    await (await cellOf(grid, 'User 00011', 'Email')).dblclick()
    const editor = page.getByRole('textbox', { name: 'Email of User 00011' })
    await editor.fill('not-an-email')
    await page.keyboard.press('ControlOrMeta+s')
    await expect.poll(() => grid.getByRole('alert').textContent()).toBe('not-an-email is not a valid email address')
    expect(await editor.getAttribute('aria-invalid')).toBe('true')
    await e2e.screenshot(page, 'users-save-shortcut-refused-dark')
    expect(await saveButton(page).textContent()).toBe('Save 1 change')
    expect(await nameOf('user12@example.com')).toBe('User 00012')
    expect(await nameOf('user11@example.com')).toBe('User 00011')

    // Fixed in place, the next Ctrl/Cmd+S saves both.
    await editor.fill('eleven@example.com')
    await page.keyboard.press('ControlOrMeta+s')
    await expect.poll(() => nameOf('eleven@example.com')).toBe('User 00011')
    expect(await nameOf('user12@example.com')).toBe('Twelve')
    expect(errors).toEqual([])
  })

  it('asks before leaving Users with unsaved edits; Keep editing keeps them', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await editText(page, grid, 'User 00015', 'Name', 'Fifteen')
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Agencies' }).click()

    const dialog = page.getByRole('alertdialog', { name: 'Discard unsaved changes?' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('You have 1 unsaved change.')
    await e2e.screenshot(page, 'users-leave-asks')
    await dialog.getByRole('button', { name: 'Keep editing' }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    await expectCellText(grid, 'Fifteen', 'Name', 'Fifteen')
    expect(await saveButton(page).textContent()).toBe('Save 1 change')

    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Agencies' }).click()
    await dialog.getByRole('button', { name: 'Discard and leave' }).click()
    await gridOf(page, 'Agencies').getByRole('row').nth(1).waitFor()
    await openScreen(page, 'Users')
    await expectCellText(grid, 'User 00015', 'Name', 'User 00015')
    expect(await nameOf('user15@example.com')).toBe('User 00015')
    expect(errors).toEqual([])
  })

  it('marks the conflicting row, and the banner’s Reload shows what is saved now', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await editText(page, grid, 'User 00005', 'Name', 'Twenty')
    await editText(page, grid, 'User 00006', 'Name', 'Twenty-one')
    await e2e.db.sql`update users set name = 'Changed elsewhere', updated_at = now() + interval '1 second' where email = 'user5@example.com'`
    await saveButton(page).click()

    const banner = page.getByRole('alert').filter({ hasText: 'Changed by someone else.' })
    await expect.poll(() => banner.textContent()).toContain('was changed by someone else')
    const row = rowOf(grid, 'Twenty')
    expect(await row.getAttribute('aria-invalid')).toBe('true')
    expect(await row.getAttribute('aria-description')).toContain('Changed elsewhere was changed by someone else')
    expect(await rowOf(grid, 'Twenty-one').getAttribute('aria-invalid')).toBeNull()
    await e2e.screenshot(page, 'users-conflict-row')

    await banner.getByRole('button', { name: 'Reload' }).click()
    await expect.poll(() => banner.count()).toBe(0)
    await expectCellText(grid, 'Changed elsewhere', 'Name', 'Changed elsewhere')
    expect(await rowOf(grid, 'Changed elsewhere').getAttribute('aria-invalid')).toBeNull()
    // Only the conflicting row's edit is dropped; the other is still staged.
    await expectCellText(grid, 'Twenty-one', 'Name', 'Twenty-one')
    expect(await saveButton(page).textContent()).toBe('Save 1 change')
    expect(await nameOf('user5@example.com')).toBe('Changed elsewhere')
    await e2e.screenshot(page, 'users-conflict-reloaded')
    expect(errors).toEqual([])
  })

  it('Reload reads from the database, not the cache, and the status bar shows the cache', async () => {
    const { page, errors } = await e2e.open()
    const status = page.getByRole('contentinfo', { name: 'Status' })
    await expect.poll(() => status.textContent()).toMatch(/Cache: In-memory · (\d+ % hits|no reads yet)/)

    const fresh: boolean[] = []
    page.on('request', (request) => {
      if (request.url().endsWith('/api/users.list')) fresh.push(JSON.parse(request.postData() ?? '{}').fresh === true)
    })
    await page.getByRole('button', { name: 'Reload data' }).click()
    await expect.poll(() => fresh.length).toBeGreaterThan(0)
    expect(fresh.every(Boolean)).toBe(true)
    await e2e.screenshot(page, 'users-status-bar')
    expect(errors).toEqual([])
  })
})
