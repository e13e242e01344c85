/// <reference types="node" />
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, editText, expectCellText, expectRowsLoaded, gridOf, rowOf, saveButton } from './gridPage'
import { startE2e, type E2e } from './support'

const LONG_NAME = 'Maximiliana Alexandrovna Konstantinopoulou-Vanderbilt of the Northern Provinces'

/** The full-text popup of a truncated cell, when one shows, and whether it is inside the window. */
const fullTextPopup = (page: Page) =>
  page.evaluate(() => {
    const popup = document.querySelector<HTMLElement>('.floating-message--info')
    if (!popup || getComputedStyle(popup).visibility === 'hidden') return null
    const box = popup.getBoundingClientRect()
    return { text: popup.textContent, inWindow: box.left >= 0 && box.top >= 0 && box.right <= window.innerWidth && box.bottom <= window.innerHeight }
  })

describe('shortcut list, full text of cut-off cells, refresh on focus (browser mode)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 40 })
    await e2e.db.sql`update users set name = ${LONG_NAME} where email = 'user1@example.com'`
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('? and F1 open the list of every shortcut; the toolbar names them in tooltips', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    await (await cellOf(grid, 'User 00002', 'Email')).click()
    await page.keyboard.press('?')
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await help.waitFor()
    // Drawn from the bindings the handlers read: a screen shortcut, a move, an editor key.
    for (const [group, keys, does] of [
      ['Anywhere on the screen', 'Ctrl+S', 'Save every staged change'],
      ['In the grid', 'Ctrl+End', 'Move to the last cell of the table'],
      ['While editing a cell', 'Esc', 'Cancel the edit'],
    ]) {
      const section = help.getByRole('region', { name: group })
      expect(await section.getByRole('definition').allTextContents()).toContain(does)
      expect(await section.locator('kbd').allTextContents()).toContain(keys)
    }
    // '?' opened the list, it did not start editing the cell.
    expect(await page.getByRole('textbox', { name: 'Email of User 00002' }).count()).toBe(0)
    await page.keyboard.press('Escape')
    await expect.poll(() => help.count()).toBe(0)

    await page.keyboard.press('F1')
    await help.waitFor()
    await help.getByRole('button', { name: 'Close' }).click()
    await expect.poll(() => help.count()).toBe(0)

    // In a text field, '?' is typed.
    const search = page.getByRole('searchbox', { name: 'Search users' })
    await search.click()
    await page.keyboard.type('?')
    expect(await search.inputValue()).toBe('?')
    expect(await help.count()).toBe(0)

    const save = page.getByRole('button', { name: 'No changes' })
    expect(await save.getAttribute('title')).toBe('Save (Ctrl+S)')
    expect(await save.getAttribute('aria-keyshortcuts')).toBe('Control+S')
    expect(await page.getByRole('button', { name: 'Redo' }).getAttribute('title')).toBe('Redo (Ctrl+Shift+Z or Ctrl+Y)')
    const helpButton = page.getByRole('button', { name: 'Keyboard shortcuts' })
    expect(await helpButton.getAttribute('title')).toBe('Keyboard shortcuts (? or F1)')
    await helpButton.click()
    await help.waitFor()
    expect(errors).toEqual([])
  })

  it('a cut-off cell shows its full text under the pointer and when the keyboard reaches it', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    const longCell = await cellOf(grid, LONG_NAME, 'Name')
    await longCell.hover()
    await expect.poll(() => fullTextPopup(page)).toEqual({ text: LONG_NAME, inWindow: true })

    // A cell whose text fits shows nothing more.
    await (await cellOf(grid, 'User 00002', 'Name')).hover()
    await expect.poll(() => fullTextPopup(page)).toBeNull()

    // From the keyboard: the active cell, while the grid has the focus.
    await (await cellOf(grid, 'User 00002', 'Email')).click()
    await page.mouse.move(0, 0)
    await expect.poll(() => fullTextPopup(page)).toBeNull()
    const below = (await rowOf(grid, 'User 00002').getAttribute('aria-rowindex')) ?? ''
    const above = (await rowOf(grid, LONG_NAME).getAttribute('aria-rowindex')) ?? ''
    for (let steps = Number(below) - Number(above); steps > 0; steps--) await page.keyboard.press('ArrowUp')
    await page.keyboard.press('ArrowLeft')
    await expect.poll(() => grid.getAttribute('aria-activedescendant')).toBe(await longCell.getAttribute('id'))
    await expect.poll(() => fullTextPopup(page)).toEqual({ text: LONG_NAME, inWindow: true })
    await e2e.screenshot(page, 'grid-cell-full-text')
    expect(errors).toEqual([])
  })

  it('on window focus, rows changed elsewhere are read again: unstaged rows show the new value, a staged one is a conflict at once', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    await editText(page, grid, 'User 00002', 'Name', 'Mine')
    await expectCellText(grid, 'Mine', 'Name', 'Mine')

    // Another connection writes both rows, as another Roster would (a new updated_at).
    await e2e.db.sql`update users set email = 'elsewhere2@example.com', updated_at = date_trunc('milliseconds', clock_timestamp()) where email = 'user2@example.com'`
    await e2e.db.sql`update users set name = 'Renamed Elsewhere', updated_at = date_trunc('milliseconds', clock_timestamp()) where email = 'user3@example.com'`
    await page.evaluate(() => window.dispatchEvent(new Event('focus')))

    await expectCellText(grid, 'Renamed Elsewhere', 'Email', 'user3@example.com')
    const mine = rowOf(grid, 'Mine')
    await expect.poll(() => mine.getAttribute('aria-invalid')).toBe('true')
    expect(await mine.getAttribute('aria-description')).toMatch(/^Changed by someone else since you edited it/)
    // The edit stays; the field nobody here edited shows the other session's value.
    await expectCellText(grid, 'Mine', 'Name', 'Mine')
    await expectCellText(grid, 'Mine', 'Email', 'elsewhere2@example.com')
    expect(await saveButton(page).textContent()).toBe('Save 1 change')

    // The save agrees: it is refused as a conflict, to reload or overwrite.
    await saveButton(page).click()
    await page.getByRole('alert').filter({ hasText: 'Changed by someone else.' }).getByRole('button', { name: 'Overwrite' }).waitFor()
    expect(errors).toEqual([])
  })

  it('screenshots: the shortcut list, light and dark, wide and narrow', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const viewport of [
        { width: 1400, height: 900 },
        { width: 1024, height: 768 },
      ]) {
        const { page, context, errors } = await e2e.open({ colorScheme, viewport })
        await expectRowsLoaded(gridOf(page, 'Users'))
        await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
        await e2e.screenshot(page, `shortcut-list-${colorScheme}-${viewport.width}x${viewport.height}`)
        expect(errors).toEqual([])
        await context.close()
      }
    }
    // Four pages opened one after another: more than one test's usual time on a busy machine.
  }, 120_000)
})
