/// <reference types="node" />
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, chooseMore, editText, expectCellText, expectRowsLoaded, gridOf, rowOf, saveButton } from './gridPage'
import { inEveryLook, LOOKS, startE2e, type E2e } from './support'

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
    await page.getByRole('button', { name: 'More actions' }).click()
    const helpItem = page.getByRole('menuitem', { name: 'Keyboard shortcuts' })
    expect(await helpItem.getAttribute('title')).toBe('Keyboard shortcuts (? or F1)')
    expect(await helpItem.getAttribute('aria-keyshortcuts')).toBe('? F1')
    await helpItem.click()
    await help.waitFor()
    expect(errors).toEqual([])
  })

  it('the toolbar is one row at 1400 and 1024 px, rows selected and changes staged; every action is in reach, the rest in its More menu', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    // The longest labels: every row selected, a change staged; a filter's chip on its own line under the toolbar.
    await grid.getByRole('searchbox', { name: 'Filter Email' }).fill('example')
    const chips = page.getByRole('group', { name: 'Column filters' })
    await chips.waitFor()
    await editText(page, grid, 'User 00003', 'Name', 'Toolbar Three')
    await grid.getByRole('checkbox', { name: 'Select all loaded rows' }).check()
    const toolbar = page.getByRole('toolbar', { name: 'Users actions' })
    const shown = ['Search users', '+ Add user', 'Delete 40 selected', 'Edit 40 selected', 'Undo', 'Redo', 'Discard', 'Save 1 change', 'More actions']
    for (const { viewport, name: look } of LOOKS.filter(({ colorScheme }) => colorScheme === 'light')) {
      await page.setViewportSize(viewport)
      const controls = toolbar.locator('button, input')
      await expect.poll(() => controls.evaluateAll((all) => all.map((c) => c.getAttribute('aria-label') ?? c.textContent))).toEqual(shown)
      // One row: every control on the same line, inside the window, the toolbar no taller than one.
      const boxes = await controls.evaluateAll((all) => all.map((c) => c.getBoundingClientRect()).map(({ top, bottom, left, right }) => ({ top, bottom, left, right })))
      expect(new Set(boxes.map((box) => Math.round(box.top))).size, look).toBe(1)
      expect(Math.max(...boxes.map((box) => box.right)), look).toBeLessThanOrEqual(viewport.width - 16)
      expect(Math.min(...boxes.map((box) => box.right - box.left)), look).toBeGreaterThanOrEqual(30)
      expect((await toolbar.boundingBox())!.height, look).toBeLessThanOrEqual(boxes[0]!.bottom - boxes[0]!.top + 10)
      // The search box shows its whole placeholder ("Search users…"), not "Search" cut off.
      const search = toolbar.getByRole('searchbox', { name: 'Search users' })
      const room = await search.evaluate((input: HTMLInputElement) => {
        const style = getComputedStyle(input)
        const context = document.createElement('canvas').getContext('2d')!
        context.font = style.font
        return input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - context.measureText(input.placeholder).width
      })
      expect(room, look).toBeGreaterThanOrEqual(0)
      // The chips take one line, and the grid starts right under them.
      const [toolbarBox, chipsBox, gridBox] = [await toolbar.boundingBox(), await chips.boundingBox(), await grid.boundingBox()]
      expect(chipsBox!.y - (toolbarBox!.y + toolbarBox!.height), look).toBeLessThan(4)
      expect(chipsBox!.height, look).toBeLessThanOrEqual(40)
      expect(gridBox!.y - (chipsBox!.y + chipsBox!.height), look).toBeLessThan(4)
      await e2e.screenshot(page, `toolbar-${look}`)
    }

    // The rest, from the More menu by keyboard: each item opens its panel, Escape gives the focus back to the button.
    const more = page.getByRole('button', { name: 'More actions' })
    await more.click()
    const menu = page.getByRole('menu')
    expect(await menu.locator('[role^="menuitem"]').evaluateAll((items) => items.map((item) => item.firstElementChild?.nextSibling?.textContent))).toEqual([
      'Saved views…',
      'Columns…',
      'Export…',
      'Import…',
      'Show deleted',
      'Open row form',
      'Keyboard shortcuts',
    ])
    await e2e.screenshot(page, 'toolbar-more-menu-light-1024x768')
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached' })
    for (const [item, panel] of [
      ['Saved views…', 'Saved views'],
      ['Columns…', 'Columns'],
      ['Export…', 'Export users to CSV'],
      ['Import…', 'Import users from CSV'],
      ['Keyboard shortcuts', 'Keyboard shortcuts'],
    ]) {
      // A closed menu or dialog hands the focus back a frame or two after it is gone: the menu
      // opened before that would see the focus arrive outside it, and close.
      await page.evaluate(() => new Promise((settled) => requestAnimationFrame(() => requestAnimationFrame(settled))))
      await more.focus()
      await page.keyboard.press('Enter')
      await menu.getByRole('menuitem', { name: item }).focus()
      await page.keyboard.press('Enter')
      const dialog = page.getByRole('dialog', { name: panel })
      await dialog.waitFor()
      await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement)), { message: item }).toBe(true)
      await page.keyboard.press('Escape')
      await dialog.waitFor({ state: 'detached' })
    }
    await expect.poll(() => more.evaluate((button) => button === document.activeElement)).toBe(true)
    await chooseMore(page, 'Open row form')
    const form = page.getByRole('dialog')
    await form.getByRole('button', { name: 'Close form' }).waitFor()
    await page.keyboard.press('Escape')
    await form.waitFor({ state: 'detached' })
    await chooseMore(page, 'Show deleted')
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/deleted/)
    await more.click()
    expect(await menu.getByRole('menuitemcheckbox', { name: 'Show deleted' }).getAttribute('aria-checked')).toBe('true')
    await page.keyboard.press('Escape')
    expect(errors).toEqual([])
  }, 60_000)

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
    const { page, errors } = await e2e.open()
    await expectRowsLoaded(gridOf(page, 'Users'))
    await inEveryLook(page, async (look) => {
      await chooseMore(page, 'Keyboard shortcuts')
      const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
      await help.waitFor()
      await e2e.screenshot(page, `shortcut-list-${look}`)
      await page.keyboard.press('Escape')
      await help.waitFor({ state: 'detached' })
    })
    expect(errors).toEqual([])
  })
})
