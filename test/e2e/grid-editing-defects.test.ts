/// <reference types="node" />
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, editText, expectCellText, expectRowsLoaded, gridOf, saveButton } from './gridPage'
import { startE2e, type E2e } from './support'

/**
 * Every element on the page that shows exactly this text, and whether all of it can be seen:
 * inside the window, and not cut off by a parent that clips what overflows it (a scrolling grid).
 */
function placesOf(page: Page, text: string) {
  return page.evaluate((message) => {
    const shown = [...document.querySelectorAll<HTMLElement>('body *')].filter(
      (el) => el.textContent === message && el.checkVisibility() && el.getBoundingClientRect().width > 4,
    )
    return shown.map((el) => {
      const box = el.getBoundingClientRect()
      const within = (outer: { left: number; top: number; right: number; bottom: number }) =>
        box.left >= outer.left && box.top >= outer.top && box.right <= outer.right && box.bottom <= outer.bottom
      let unclipped = true
      for (let parent = el.parentElement; parent; parent = parent.parentElement) {
        if (getComputedStyle(parent).overflow !== 'visible' && !within(parent.getBoundingClientRect())) unclipped = false
      }
      return { unclipped, inWindow: within({ left: 0, top: 0, right: window.innerWidth, bottom: window.innerHeight }) }
    })
  }, text)
}

describe('grid editing defects: picker Enter and typing, a refused editor, popups at the edges (browser mode)', () => {
  let e2e: E2e
  const agencyOf = async (email: string) =>
    (await e2e.db.sql<{ name: string | null }[]>`select a.name from users u left join agencies a on a.id = u.agency_id where u.email = ${email}`)[0]?.name

  beforeAll(async () => {
    e2e = await startE2e({ users: 30 })
    await e2e.db.sql`insert into agencies (name) values ('Cedar Valley Schools'), ('Northwind Logistics')`
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('Enter in the agency picker takes the best match of what was typed, also before the results arrive', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    const search = page.getByRole('combobox', { name: 'Search agencies' })

    await (await cellOf(grid, 'User 00001', 'Agency')).dblclick()
    await search.pressSequentially('cedar')
    await page.getByRole('dialog', { name: 'Agency of User 00001' }).getByRole('option', { name: 'Cedar Valley Schools' }).waitFor()
    await search.press('Enter')
    await expectCellText(grid, 'User 00001', 'Agency', 'Cedar Valley Schools')

    // The answer for "north" is held back: Enter waits for it, then takes its best match.
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    await page.route('**/api/agencies.list', async (route) => {
      if (route.request().postData()?.includes('"search":"north"')) await held
      await route.continue()
    })
    await (await cellOf(grid, 'User 00002', 'Agency')).dblclick()
    await search.pressSequentially('north')
    await search.press('Enter')
    release()
    await expectCellText(grid, 'User 00002', 'Agency', 'Northwind Logistics')
    await page.unrouteAll()

    // "No agency" is there to be chosen on purpose.
    await (await cellOf(grid, 'User 00003', 'Agency')).dblclick()
    await search.press('Home')
    await search.press('Enter')
    await expectCellText(grid, 'User 00003', 'Agency', '—')

    await saveButton(page).click()
    await expect.poll(() => agencyOf('user2@example.com')).toBe('Northwind Logistics')
    expect(await agencyOf('user1@example.com')).toBe('Cedar Valley Schools')
    expect(await agencyOf('user3@example.com')).toBeNull()
    expect(errors).toEqual([])
  })

  it('typing on a picker cell starts its search with every key typed', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')

    await (await cellOf(grid, 'User 00004', 'Agency')).click()
    await page.keyboard.type('nor', { delay: 40 })
    const agencySearch = page.getByRole('combobox', { name: 'Search agencies' })
    await expect.poll(() => agencySearch.inputValue()).toBe('nor')
    await page.keyboard.press('Escape')
    await expect.poll(() => agencySearch.count()).toBe(0)

    await (await cellOf(grid, 'User 00004', 'Roles')).click()
    await page.keyboard.type('vie', { delay: 40 })
    const rolesSearch = page.getByRole('combobox', { name: 'Search roles' })
    await expect.poll(() => rolesSearch.inputValue()).toBe('vie')
    await page.keyboard.press('Escape')
    await expect.poll(() => rolesSearch.count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('an editor refusing its value keeps the keyboard when another cell is clicked; Escape drops it', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await (await cellOf(grid, 'User 00006', 'Email')).dblclick()
    const editor = page.getByRole('textbox', { name: 'Email of User 00006' })
    await editor.fill('not-an-email')
    await editor.press('Enter')
    await expect.poll(() => grid.getByRole('alert').textContent()).toBe('not-an-email is not a valid email address')

    await (await cellOf(grid, 'User 00008', 'Name')).click()
    await expect.poll(() => editor.evaluate((el) => el === document.activeElement)).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => editor.count()).toBe(0)
    await expectCellText(grid, 'User 00006', 'Email', 'user6@example.com')

    // The grid has the keys again: arrows move the active cell (not the page), typing edits.
    const before = await grid.getAttribute('aria-activedescendant')
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => grid.getAttribute('aria-activedescendant')).not.toBe(before)
    expect(await page.evaluate(() => window.scrollY)).toBe(0)
    await page.keyboard.type('x')
    await expect.poll(() => page.getByRole('textbox', { name: 'Email of User 00007' }).inputValue()).toBe('x')
    await page.keyboard.press('Escape')
    expect(errors).toEqual([])
  })

  it('keeps an error popup inside the window when its cell is at the grid’s left edge', async () => {
    const { page, errors } = await e2e.open({ viewport: { width: 760, height: 560 } })
    const grid = gridOf(page, 'Users')
    // A row in view at this size (the toolbar takes three lines at 760 px).
    await expectRowsLoaded(grid)
    await editText(page, grid, 'User 00003', 'Email', 'USER4@example.com')
    await saveButton(page).click()
    const emailCell = await cellOf(grid, 'User 00003', 'Email')
    await expect.poll(() => emailCell.getAttribute('aria-invalid')).toBe('true')
    const message = 'Email USER4@example.com is already used by User 00004'

    // The active cell shows its message; the grid is scrolled so the cell starts left of its edge.
    await emailCell.click()
    await grid.evaluate((el, cell) => (el.scrollLeft = cell + 40), await emailCell.evaluate((el) => (el as HTMLElement).offsetLeft))
    await expect.poll(() => placesOf(page, message).then((places) => places.length)).toBeGreaterThan(0)
    await e2e.screenshot(page, 'grid-error-popup-left-edge')
    expect(await placesOf(page, message)).toEqual((await placesOf(page, message)).map(() => ({ unclipped: true, inWindow: true })))
    expect(errors).toEqual([])
  })
})
