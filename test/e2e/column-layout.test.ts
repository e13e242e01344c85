/// <reference types="node" />
import postgres from 'postgres'
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db/client'
import { applyMigrations } from '../../src/main/db/migrations'
import { MIGRATIONS } from '../support/databases'
import { cellOf, chooseMore, expectRowsLoaded, gridOf, openScreen, rowOf } from './gridPage'
import { createPostgresDatabase, startE2e, type E2e } from './support'

const SECOND = 'Second database'

/** The column titles, left to right, without the selection and actions columns. */
const headers = (grid: Locator) =>
  grid.getByRole('columnheader').evaluateAll((cells) => cells.map((c) => c.getAttribute('aria-label')).filter((l) => l !== 'Select' && l !== 'Actions'))
const header = (grid: Locator, name: string) => grid.getByRole('columnheader', { name, exact: true })
const widthOf = async (locator: Locator) => (await locator.boundingBox())?.width ?? 0
const columnsMenu = (page: Page) => page.getByRole('dialog', { name: 'Columns' })
const openColumnsMenu = async (page: Page) => {
  await chooseMore(page, /^Columns/)
  await columnsMenu(page).waitFor()
}
const openDatabaseLabel = (page: Page) => page.getByRole('banner').getByLabel('Open database').textContent()

/** Drags a header's right edge `by` pixels sideways. */
async function resize(page: Page, grid: Locator, name: string, by: number) {
  const box = await header(grid, name).locator('.resize-handle').boundingBox()
  if (!box) throw new Error(`${name} has no resize handle in view`)
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + by / 2, box.y + box.height / 2, { steps: 4 })
  await page.mouse.move(box.x + box.width / 2 + by, box.y + box.height / 2, { steps: 4 })
  await page.mouse.up()
}

describe('column layout: hide, reorder, resize, freeze; kept per resource and database (browser mode)', () => {
  let e2e: E2e
  let second: Awaited<ReturnType<typeof createPostgresDatabase>>

  beforeAll(async () => {
    ;[e2e, second] = await Promise.all([startE2e({ users: 30 }), createPostgresDatabase('roster_e2e_layout')])
    const database = await openDatabase({ kind: 'postgres', url: second.url })
    try {
      await applyMigrations(database, MIGRATIONS)
    } finally {
      await database.close()
    }
    const secondSql = postgres(second.url, { max: 1, onnotice: () => {} })
    await secondSql`insert into users (email, name) values ('other@example.com', 'Other Database User')`
    await secondSql.end({ timeout: 1 })
    const response = await fetch(new URL('api/connections.save', e2e.roster.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await e2e.roster.session()}` },
      body: JSON.stringify({ name: SECOND, url: second.url }),
    })
    expect(await response.json()).toMatchObject({ ok: true })
  })
  afterAll(async () => {
    await e2e?.close()
    await second?.drop()
  })

  it('hides, moves (keyboard and drag) and resizes columns; keys and copy follow; a reload keeps it; another database has its own', async () => {
    const { page, context, errors } = await e2e.open({ viewport: { width: 1400, height: 900 } })
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.roster.origin })
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    expect(await headers(grid)).toEqual(['Name', 'Email', 'Agency', 'Roles', 'Active', 'Created', 'Updated'])

    // Hide Email; the Name column cannot be hidden.
    await openColumnsMenu(page)
    const menu = columnsMenu(page)
    expect(await menu.getByRole('checkbox', { name: 'Name', exact: true }).isDisabled()).toBe(true)
    await menu.getByRole('checkbox', { name: 'Email', exact: true }).uncheck()
    await expect.poll(() => headers(grid)).toEqual(['Name', 'Agency', 'Roles', 'Active', 'Created', 'Updated'])

    // The keyboard's way to move: Roles up twice (past the hidden Email), the focus staying on the button.
    await menu.getByRole('button', { name: 'Move Roles up' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Roles up')
    await page.keyboard.press('Enter')
    await expect.poll(() => headers(grid)).toEqual(['Name', 'Roles', 'Agency', 'Active', 'Created', 'Updated'])
    await e2e.screenshot(page, 'columns-menu-1400-light')
    await page.keyboard.press('Escape')
    await menu.waitFor({ state: 'detached' })

    // Drag Active's title onto Roles: it takes that place.
    await header(grid, 'Active').locator('.header-title').dragTo(header(grid, 'Roles'))
    await expect.poll(() => headers(grid)).toEqual(['Name', 'Active', 'Roles', 'Agency', 'Created', 'Updated'])

    // Resize Agency by its right edge.
    const agencyWidth = await widthOf(header(grid, 'Agency'))
    await resize(page, grid, 'Agency', 120)
    await expect.poll(() => widthOf(header(grid, 'Agency'))).toBeGreaterThan(agencyWidth + 100)
    const resizedWidth = await widthOf(header(grid, 'Agency'))

    // Arrow keys and copied ranges go through the columns as shown: Name, then Active.
    await (await cellOf(grid, 'User 00001', 'Name')).click()
    await page.keyboard.press('Shift+ArrowRight')
    await page.keyboard.press('ControlOrMeta+c')
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('User 00001\tYes')

    // A reload keeps the whole layout.
    await page.reload()
    await expectRowsLoaded(grid)
    await expect.poll(() => headers(grid)).toEqual(['Name', 'Active', 'Roles', 'Agency', 'Created', 'Updated'])
    expect(await widthOf(header(grid, 'Agency'))).toBe(resizedWidth)

    // Another screen has its own layout.
    await openScreen(page, 'Agencies')
    expect(await headers(gridOf(page, 'Agencies'))).toEqual(['Name', 'Users', 'Created', 'Updated'])

    // Another database: its own (default) layout; back on the first, the first's.
    await openScreen(page, 'Connection')
    await page.getByRole('button', { name: `Open ${SECOND}` }).click()
    await expect.poll(() => openDatabaseLabel(page)).toContain(second.name)
    await rowOf(grid, 'Other Database User').waitFor()
    expect(await headers(grid)).toEqual(['Name', 'Email', 'Agency', 'Roles', 'Active', 'Created', 'Updated'])
    await openScreen(page, 'Connection')
    await page.getByRole('button', { name: 'Open Command line database' }).click()
    await expect.poll(() => openDatabaseLabel(page)).toContain(e2e.db.name)
    await rowOf(grid, 'User 00001').waitFor()
    expect(await headers(grid)).toEqual(['Name', 'Active', 'Roles', 'Agency', 'Created', 'Updated'])

    // Double-clicking the edge gives the column its own width back.
    await header(grid, 'Agency').locator('.resize-handle').dblclick()
    await expect.poll(() => widthOf(header(grid, 'Agency'))).toBe(agencyWidth)
    expect(errors).toEqual([])
    // Two databases, reloads and drags: long on a loaded machine.
  }, 120_000)

  it('keeps the frozen Name column in view while the grid scrolls sideways (and lets it go when unfrozen)', async () => {
    const { page, errors } = await e2e.open({ viewport: { width: 1024, height: 768 } })
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    const nameCell = await cellOf(grid, 'User 00001', 'Name')
    const gridLeft = async () => (await grid.boundingBox())!.x

    // End moves to the last column: the grid scrolls sideways, Name stays beside the selection column.
    await nameCell.click()
    await page.keyboard.press('End')
    await expect.poll(() => grid.evaluate((el) => el.scrollLeft)).toBeGreaterThan(100)
    await expect.poll(async () => Math.round((await nameCell.boundingBox())!.x - (await gridLeft()))).toBeLessThanOrEqual(41)
    expect(Math.round((await nameCell.boundingBox())!.x - (await gridLeft()))).toBeGreaterThanOrEqual(40)
    expect(await header(grid, 'Name').isVisible()).toBe(true)
    // Home goes to the frozen Name and shows the row's start.
    await page.keyboard.press('Home')
    await expect.poll(() => grid.evaluate((el) => el.scrollLeft)).toBe(0)
    // A column scrolled under the frozen ones comes out from under them, wholly.
    await grid.evaluate((el) => (el.scrollLeft = 150))
    await page.keyboard.press('ArrowRight')
    await expect.poll(() => grid.evaluate((el) => el.scrollLeft)).toBe(0)
    const emailCell = await cellOf(grid, 'User 00001', 'Email')
    expect(await emailCell.getAttribute('class')).toContain('cell-active')
    await page.keyboard.press('End')
    await e2e.screenshot(page, 'columns-frozen-name-1024')

    await openColumnsMenu(page)
    await e2e.screenshot(page, 'columns-menu-1024-light')
    await columnsMenu(page).getByRole('checkbox', { name: /^Freeze Name column/ }).uncheck()
    await page.keyboard.press('Escape')
    await expect.poll(async () => (await nameCell.boundingBox())!.x < (await gridLeft())).toBe(true)
    expect(errors).toEqual([])
  })

  it('shows the Columns menu in the dark theme at both sizes', async () => {
    for (const viewport of [
      { width: 1400, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      const { page, errors } = await e2e.open({ viewport, colorScheme: 'dark' })
      await expectRowsLoaded(gridOf(page, 'Users'))
      await openColumnsMenu(page)
      await columnsMenu(page).getByRole('checkbox', { name: 'Roles', exact: true }).uncheck()
      await e2e.screenshot(page, `columns-menu-${viewport.width}-dark`)
      // The More menu says how many are hidden.
      await page.keyboard.press('Escape')
      await page.getByRole('button', { name: 'More actions' }).click()
      await page.getByRole('menuitem', { name: 'Columns (1 hidden)…' }).waitFor()
      expect(errors).toEqual([])
    }
  })
})
