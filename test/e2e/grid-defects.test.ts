/// <reference types="node" />
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, chooseMore, editText, gridOf, openScreen, rowOf, saveButton, saveChanges } from './gridPage'
import { startE2e, type E2e } from './support'

/** The active cell (the grid's aria-activedescendant). */
async function activeCell(page: Page, grid: Locator): Promise<Locator> {
  const id = await grid.getAttribute('aria-activedescendant')
  return page.locator(`[id="${id}"]`)
}

/** Whether the element is wholly inside the grid's scrolling viewport (scroll bars excluded). */
async function isInView(grid: Locator, element: Locator): Promise<boolean> {
  const viewport = await grid.evaluate((g) => {
    const box = g.getBoundingClientRect()
    return { left: box.left + g.clientLeft, top: box.top + g.clientTop, right: box.left + g.clientLeft + g.clientWidth, bottom: box.top + g.clientTop + g.clientHeight }
  })
  const box = (await element.boundingBox())!
  return box.x >= viewport.left - 1 && box.x + box.width <= viewport.right + 1 && box.y >= viewport.top - 1 && box.y + box.height <= viewport.bottom + 1
}

const top = async (element: Locator) => (await element.boundingBox())!.y

describe('grid defects of issue 12 (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 45 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('keeps the active cell in view when the keyboard moves it sideways (4)', async () => {
    const { page, errors } = await e2e.open({ viewport: { width: 760, height: 700 } })
    const grid = gridOf(page, 'Users')
    await rowOf(grid, 'User 00001').waitFor()
    // The toolbar does not fit one row here: it wraps, and its last button is still in the window.
    const more = await page.getByRole('button', { name: 'More actions' }).boundingBox()
    expect(more).not.toBeNull()
    expect(more!.x + more!.width).toBeLessThanOrEqual(760)
    // The columns overflow this window: the grid scrolls sideways.
    expect(await grid.evaluate((g) => g.scrollWidth > g.clientWidth)).toBe(true)
    await (await cellOf(grid, 'User 00001', 'Name')).click()

    await page.keyboard.press('End')
    await expect.poll(async () => isInView(grid, await activeCell(page, grid))).toBe(true)
    expect(await (await activeCell(page, grid)).getAttribute('aria-colindex')).toBe(await grid.getByRole('columnheader', { name: 'Updated' }).getAttribute('aria-colindex'))
    await e2e.screenshot(page, 'grid-defects-end-scrolled')

    await page.keyboard.press('Home')
    await expect.poll(async () => isInView(grid, await activeCell(page, grid))).toBe(true)
    expect(await grid.evaluate((g) => g.scrollLeft)).toBe(0)
    for (let step = 0; step < 6; step++) {
      await page.keyboard.press('ArrowRight')
      await expect.poll(async () => isInView(grid, await activeCell(page, grid))).toBe(true)
    }
    await page.keyboard.press('Control+End')
    await expect.poll(async () => isInView(grid, await activeCell(page, grid))).toBe(true)
    expect(await (await activeCell(page, grid)).textContent()).not.toBe('')
    expect(errors).toEqual([])
  })

  it('shows the save banners without moving the grid or its first row (6)', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    const first = rowOf(grid, 'User 00001')
    await first.waitFor()
    const gridTop = await top(grid)
    const rowTop = await top(first)

    await editText(page, grid, 'User 00003', 'Name', 'User 00003 B')
    await saveChanges(page, 1)
    await e2e.screenshot(page, 'grid-defects-saved-banner')
    expect(await top(grid)).toBe(gridTop)
    expect(await top(first)).toBe(rowTop)
    expect(rowTop).toBeGreaterThanOrEqual(gridTop)

    // A refused save's banner does not move it either.
    await editText(page, grid, 'User 00004', 'Email', 'user1@example.com')
    await saveButton(page).click()
    await page.getByRole('alert').filter({ hasText: 'Not saved.' }).waitFor()
    await e2e.screenshot(page, 'grid-defects-refused-banner')
    expect(await top(grid)).toBe(gridTop)
    expect(await top(first)).toBe(rowTop)
    await page.getByRole('button', { name: 'Discard' }).click()
    expect(errors).toEqual([])
  })

  it('offers Restore for deleted rows, deletes only live ones, and counts only real changes (5)', async () => {
    const { sql } = e2e.db
    await sql`update users set deleted_at = now() where name <= 'User 00040'`
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await chooseMore(page, 'Show deleted')
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe('46')

    // A mixed selection deletes the five live users and says so.
    await grid.getByRole('checkbox', { name: 'Select all loaded rows' }).check()
    await page.getByRole('button', { name: 'Delete 45 selected' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Deleting 5 users; 40 selected were already deleted.' }).count()).toBe(1)
    await saveChanges(page, 5)
    expect(await sql`select 1 from users where deleted_at is null`).toHaveLength(0)

    // Only deleted rows selected: the action is Restore.
    await grid.getByRole('checkbox', { name: 'Select all loaded rows' }).check()
    await rowOf(grid, 'User 00001').getByRole('checkbox', { name: 'Select User 00001' }).uncheck()
    // Waits for the toolbar to follow the selection (the uncheck re-renders it).
    await expect.poll(() => page.getByRole('button', { name: /Delete/ }).count()).toBe(0)
    await page.getByRole('button', { name: 'Restore 44 selected' }).click()
    await saveChanges(page, 44)
    expect(await sql`select 1 from users where deleted_at is null`).toHaveLength(44)

    // A delete someone else already made is not counted as saved.
    await rowOf(grid, 'User 00002').getByRole('checkbox', { name: 'Select User 00002' }).check()
    await page.getByRole('button', { name: 'Delete 1 selected' }).click()
    await sql`update users set deleted_at = now() where name = 'User 00002'`
    await page.getByRole('button', { name: 'Save 1 change' }).click()
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: /^Saved/ }).textContent())
      .toBe('Saved 0 changes. 1 was already done.')
    expect(errors).toEqual([])
  })

  it('shows every duplicate name of a save at once, and writes nothing (9)', async () => {
    const { page, errors } = await e2e.open()
    const { sql } = e2e.db
    await openScreen(page, 'Agencies')
    const grid = gridOf(page, 'Agencies')
    const gridTop = await top(grid)
    // A new agency named like a live one; a new one and a renamed one sharing a name.
    for (const name of ['Agency B', 'Zeta']) {
      await page.getByRole('button', { name: '+ Add agency' }).click()
      await page.getByRole('textbox', { name: 'Name of New agency' }).fill(name)
      await page.keyboard.press('Enter')
    }
    await editText(page, grid, 'Agency C', 'Name', 'Zeta')
    await saveButton(page).click()
    await page.getByRole('alert').filter({ hasText: 'Not saved.' }).waitFor()
    await expect.poll(() => grid.locator('[aria-invalid="true"]').count()).toBe(3)
    const messages = await grid
      .locator('[aria-invalid="true"]')
      .evaluateAll((cells) => cells.map((cell) => document.getElementById(cell.getAttribute('aria-describedby') ?? '')?.textContent))
    expect(messages).toEqual(
      expect.arrayContaining(['An agency named Agency B already exists', 'Zeta is used by more than one agency in this save']),
    )
    expect(await top(grid)).toBe(gridTop)
    await e2e.screenshot(page, 'grid-defects-all-duplicates')
    expect(await sql`select 1 from agencies where name = 'Zeta'`).toHaveLength(0)
    expect(errors).toEqual([])
  })
})

describe('a database without Roster’s tables (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ migrate: false })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('says nothing false in the footer and offers no Add (7)', async () => {
    const { page } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await page.getByText('Can’t load users').waitFor()
    await expect.poll(() => grid.getAttribute('aria-readonly')).toBe('true')
    const footer = page.locator('.grid-footer')
    const text = await footer.innerText()
    expect(text).not.toMatch(/Loading|Page \d|≈/)
    expect(await page.getByRole('button', { name: /^\+ Add/ }).count()).toBe(0)
    await e2e.screenshot(page, 'grid-defects-no-tables')
  })
})
