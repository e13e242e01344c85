/// <reference types="node" />
import type { Locator, Page } from 'playwright-core'
import { expect } from 'vitest'

export type Screen = 'Users' | 'Agencies' | 'Roles'

/** The grid of a screen, found by its accessible name. */
export const gridOf = (page: Page, screen: Screen) => page.getByRole('grid', { name: screen })

export async function openScreen(page: Page, screen: Screen | 'Connection') {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen }).click()
  if (screen !== 'Connection') await gridOf(page, screen).getByRole('row').nth(1).waitFor()
}

/**
 * Waits until every row the grid shows is loaded. Loading a window far down the table is a few
 * round trips, which a loaded two-core CI machine can stretch past expect.poll's default second.
 */
export async function expectRowsLoaded(grid: Locator) {
  await expect.poll(() => grid.locator('[aria-busy="true"]').count(), { timeout: 10_000 }).toBe(0)
}

/** A row by its accessible name (the row's title, e.g. a user's name). */
export const rowOf = (grid: Locator, name: string) => grid.getByRole('row', { name, exact: true })

/** The cell of a row in the column with this header, matched by the ARIA column index. */
export async function cellOf(grid: Locator, rowName: string, column: string): Promise<Locator> {
  const index = await grid.getByRole('columnheader', { name: column, exact: true }).getAttribute('aria-colindex')
  return rowOf(grid, rowName).locator(`[aria-colindex="${index}"]`)
}

/** Double-clicks a text cell, replaces its value by typing, and presses Enter. */
export async function editText(page: Page, grid: Locator, rowName: string, column: string, value: string) {
  await (await cellOf(grid, rowName, column)).dblclick()
  const editor = page.getByRole('textbox', { name: `${column} of ${rowName}` })
  await editor.fill(value)
  await editor.press('Enter')
}

/** Chooses an item of the grid toolbar's More menu: views, columns, export, import, Show deleted, the row form, shortcuts. */
export async function chooseMore(page: Page, item: string | RegExp) {
  await page.getByRole('button', { name: 'More actions' }).click()
  const menu = page.getByRole('menu')
  await menu.locator('[role="menuitem"], [role="menuitemcheckbox"]').filter({ hasText: item }).click()
  await menu.waitFor({ state: 'detached' })
}

export const saveButton = (page: Page) => page.getByRole('button', { name: /^Save \d+ changes?$/ })

/** Clicks "Save N changes" and waits for the success message. */
export async function saveChanges(page: Page, expectedCount: number) {
  await page.getByRole('button', { name: `Save ${expectedCount} ${expectedCount === 1 ? 'change' : 'changes'}` }).click()
  await expect.poll(() => page.getByRole('status').filter({ hasText: /^Saved \d+ changes?\.$/ }).count()).toBe(1)
}

/** The text of a cell once it settles to the expected value. */
export async function expectCellText(grid: Locator, rowName: string, column: string, text: string | RegExp) {
  const cell = await cellOf(grid, rowName, column)
  await expect.poll(() => cell.innerText()).toMatch(typeof text === 'string' ? new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : text)
}
