/// <reference types="node" />
import type { Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseMore, expectRowsLoaded, gridOf, openScreen } from './gridPage'
import { inEveryLook, startE2e, type E2e } from './support'

const USERS = 40

/** Rows the grid says it has, without its header row. */
const rowCount = async (grid: Locator) => Number(await grid.getAttribute('aria-rowcount')) - 1
const expectRows = (grid: Locator, count: number) => expect.poll(() => rowCount(grid), { timeout: 15_000 }).toBe(count)
const chips = (page: Page) => page.getByRole('group', { name: 'Column filters' }).getByRole('group').evaluateAll((groups) => groups.map((g) => g.textContent?.replace('✕', '')))
const hash = (page: Page) => page.evaluate(() => decodeURIComponent(location.hash))

/** Opens a column's filter menu (its options button, or the button that sums the filter up). */
async function openFilterMenu(page: Page, column: string): Promise<Locator> {
  const grid = gridOf(page, 'Users')
  const header = grid.getByRole('columnheader', { name: column, exact: true })
  await header.getByRole('button', { name: new RegExp(`^(${column} filter options|Filter ${column}:)`) }).click()
  const menu = page.getByRole('dialog', { name: `Filter ${column}` })
  await menu.waitFor()
  return menu
}

/** Sets a column's filter in its menu: the operator, then what `fill` does with the operands, then Apply. */
async function filterBy(page: Page, column: string, operator: string, fill: (menu: Locator) => Promise<void> = async () => {}) {
  const menu = await openFilterMenu(page, column)
  await menu.getByRole('radio', { name: operator, exact: true }).check()
  await fill(menu)
  await menu.getByRole('button', { name: 'Apply' }).click()
  await menu.waitFor({ state: 'detached' })
}

const removeChip = (page: Page, text: string) => page.getByRole('button', { name: `Remove filter ${text}`, exact: true }).click()

describe('column filters with operators, chips, the view in the address, saved views (browser mode)', () => {
  let e2e: E2e
  let expected: { agencyBC: number; recent: number }

  beforeAll(async () => {
    e2e = await startE2e({ users: USERS })
    const { sql } = e2e.db
    // Ann Haddad; three users without an agency; Administrator for 1–10, Editor for 5–15; old accounts.
    await sql`update users set name = 'Ann Haddad', email = 'ann.haddad@example.com' where name = 'User 00040'`
    await sql`update users set agency_id = null where name in ('User 00001', 'User 00002', 'User 00003')`
    await sql`insert into user_roles (user_id, role_id) select u.id, r.id from users u, roles r
      where (r.name = 'Administrator' and u.name between 'User 00001' and 'User 00010') or (r.name = 'Editor' and u.name between 'User 00005' and 'User 00015')`
    await sql`update users set created_at = '2020-01-15T12:00:00Z' where name between 'User 00001' and 'User 00005'`
    await sql`update users set created_at = '2021-06-10T12:00:00Z' where name between 'User 00006' and 'User 00008'`
    const [counts] = await sql<{ agencyBC: number; recent: number }[]>`
      select count(*) filter (where a.name in ('Agency B', 'Agency C'))::int as "agencyBC",
             count(*) filter (where u.created_at > now() - interval '7 days')::int as recent
      from users u left join agencies a on a.id = u.agency_id`
    expected = counts!
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('filters by text, agency, roles, active and dates; chips remove filters', async () => {
    const { page, errors } = await e2e.open({ viewport: { width: 1400, height: 900 } })
    const grid = gridOf(page, 'Users')
    await expectRows(grid, USERS)

    // Text: the header's box is "contains"; the menu's operators work on the same column.
    await grid.getByRole('searchbox', { name: 'Filter Name' }).fill('0000')
    await expectRows(grid, 9)
    await filterBy(page, 'Name', 'starts with', (menu) => menu.getByRole('textbox', { name: 'Text' }).fill('ann h'))
    await expectRows(grid, 1)
    expect(await chips(page)).toEqual(['Name starts with “ann h”'])
    expect(await grid.getByRole('searchbox', { name: 'Filter Name' }).inputValue()).toBe('ann h')
    await removeChip(page, 'Name starts with “ann h”')
    await expectRows(grid, USERS)
    await filterBy(page, 'Email', 'is empty')
    await expectRows(grid, 0)
    await removeChip(page, 'Email is empty')

    // Agency: is none; is any of two, chosen in the searchable list.
    await filterBy(page, 'Agency', 'is none')
    await expectRows(grid, 3)
    await filterBy(page, 'Agency', 'is any of', async (menu) => {
      await menu.getByRole('searchbox', { name: 'Search agencies' }).fill('Agency B')
      await menu.getByRole('checkbox', { name: 'Agency B' }).check()
      await menu.getByRole('searchbox', { name: 'Search agencies' }).fill('c')
      await menu.getByRole('checkbox', { name: 'Agency C' }).check()
    })
    await expectRows(grid, expected.agencyBC)
    expect(await chips(page)).toEqual(['Agency is any of Agency B or Agency C'])

    // Roles and Active with it: filters add up.
    await filterBy(page, 'Roles', 'has all of', async (menu) => {
      await menu.getByRole('checkbox', { name: 'Administrator' }).check()
      await menu.getByRole('checkbox', { name: 'Editor' }).check()
    })
    await page.getByRole('button', { name: 'Remove filter Agency is any of Agency B or Agency C' }).click()
    await expectRows(grid, 6)
    await grid.getByRole('combobox', { name: 'Filter Active' }).selectOption('false')
    await expectRows(grid, 1)
    expect(await chips(page)).toEqual(['Roles has all of Administrator and Editor', 'Active is no'])
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await expectRows(grid, USERS)
    await filterBy(page, 'Roles', 'has none of', (menu) => menu.getByRole('checkbox', { name: 'Administrator' }).check())
    await expectRows(grid, USERS - 10)
    await removeChip(page, 'Roles has none of Administrator')

    // Dates: before a day, between two days (both included), in the last 7 days.
    await filterBy(page, 'Created', 'before', (menu) => menu.getByLabel('Day').fill('2021-01-01'))
    await expectRows(grid, 5)
    await filterBy(page, 'Created', 'between', async (menu) => {
      await menu.getByLabel('From').fill('2021-06-01')
      await menu.getByLabel('To').fill('2021-06-10')
    })
    await expectRows(grid, 3)
    await filterBy(page, 'Created', 'in the last', (menu) => menu.getByRole('button', { name: '7 days' }).click())
    await expectRows(grid, expected.recent)
    expect(await chips(page)).toEqual(['Created in the last 7 days'])

    // A filter that is not complete says why, and changes nothing.
    const menu = await openFilterMenu(page, 'Updated')
    await menu.getByRole('radio', { name: 'between' }).check()
    await menu.getByLabel('From').fill('2026-03-01')
    await menu.getByRole('button', { name: 'Apply' }).click()
    expect(await menu.getByRole('alert').textContent()).toBe('Choose two days, the first not after the second.')
    await page.keyboard.press('Escape')
    expect(await chips(page)).toEqual(['Created in the last 7 days'])

    // An agency no row on screen belongs to is still named in its chip after a reload (asked for by id).
    await e2e.db.sql`insert into agencies (name) values ('Zeta Without Users')`
    await filterBy(page, 'Agency', 'is any of', async (menu) => {
      await menu.getByRole('searchbox', { name: 'Search agencies' }).fill('Zeta')
      await menu.getByRole('checkbox', { name: 'Zeta Without Users' }).check()
    })
    await expectRows(grid, 0)
    await page.reload()
    await expect.poll(() => chips(page)).toEqual(['Agency is any of Zeta Without Users', 'Created in the last 7 days'])
    expect(errors).toEqual([])
  }, 120_000)

  it('keeps a search and a column filter whose typing pauses end at the same moment', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRows(grid, USERS)
    // Both boxes wait for a pause in typing; on a busy machine both waits can end before the page
    // draws again. The page's clock, held, makes that happen every time.
    await page.clock.install()
    await page.getByRole('searchbox', { name: 'Search users' }).fill('0001')
    await page.getByRole('searchbox', { name: 'Filter Email' }).fill('user1')
    await page.clock.runFor(1_000)
    await expect.poll(() => hash(page)).toMatch(/search=0001.*email=contains:user1/)
    // User 00001 and 00010–00019 (the search), all of them user1… (the filter).
    await expectRows(grid, 11)
    await page.getByRole('searchbox', { name: 'Filter Email' }).fill('user11')
    await page.clock.runFor(1_000)
    await expectRows(grid, 1)
    expect(errors).toEqual([])
  })

  it('keeps the view in the address: reload, Back, another screen and back; a saved view reopens', async () => {
    const { page, errors } = await e2e.open({ viewport: { width: 1400, height: 900 } })
    const grid = gridOf(page, 'Users')
    await expectRows(grid, USERS)

    // A view: search, sort, two filters.
    await page.getByRole('searchbox', { name: 'Search users' }).fill('user')
    await expectRows(grid, USERS - 1)
    await filterBy(page, 'Roles', 'has any of', (menu) => menu.getByRole('checkbox', { name: 'Editor' }).check())
    await expectRows(grid, 11)
    await grid.getByRole('columnheader', { name: 'Email', exact: true }).getByTitle(/^Sort/).click()
    await filterBy(page, 'Agency', 'is none')
    await expectRows(grid, 0)
    expect(await hash(page)).toMatch(/^#\/users\?search=user&sort=email&roleIds=anyOf:[0-9a-f-]{36}&agencyId=none$/)

    // Back: the view before the last filter; Forward: it again.
    await page.goBack()
    await expectRows(grid, 11)
    expect(await chips(page)).toEqual(['Roles has any of Editor'])
    await page.goForward()
    await expectRows(grid, 0)
    await removeChip(page, 'Agency is none')
    await expectRows(grid, 11)

    // A reload keeps it all: search box, sort, chips.
    await page.reload()
    await expectRowsLoaded(grid)
    await expectRows(grid, 11)
    expect(await page.getByRole('searchbox', { name: 'Search users' }).inputValue()).toBe('user')
    expect(await grid.getByRole('columnheader', { name: 'Email', exact: true }).getAttribute('aria-sort')).toBe('ascending')
    expect(await chips(page)).toEqual(['Roles has any of Editor'])

    // Save it under a name; another screen and back by the sidebar keeps it.
    await chooseMore(page, 'Saved views…')
    const views = page.getByRole('dialog', { name: 'Saved views' })
    await views.getByRole('textbox', { name: 'View name' }).fill('Editors')
    await views.getByRole('button', { name: 'Save view' }).click()
    await views.getByRole('button', { name: 'Editors', exact: true }).waitFor()
    await e2e.screenshot(page, 'saved-views-menu-1400-light')
    await page.keyboard.press('Escape')
    // The More menu names the saved view shown.
    await chooseMore(page, 'View: Editors…')
    await views.waitFor()
    await page.keyboard.press('Escape')
    await openScreen(page, 'Agencies')
    expect(await hash(page)).toBe('#/agencies')
    await page.goBack()
    await expectRows(grid, 11)
    await openScreen(page, 'Agencies')
    await openScreen(page, 'Users')
    await expectRows(grid, 11)

    // Cleared, then the saved view reopens it (also after a reload: it is kept per database).
    await page.getByRole('button', { name: 'Remove filter Roles has any of Editor' }).click()
    await page.getByRole('searchbox', { name: 'Search users' }).fill('')
    await expectRows(grid, USERS)
    await page.reload()
    await expectRows(grid, USERS)
    await chooseMore(page, 'Saved views…')
    await page.getByRole('dialog', { name: 'Saved views' }).getByRole('button', { name: 'Editors', exact: true }).click()
    await expectRows(grid, 11)
    expect(await chips(page)).toEqual(['Roles has any of Editor'])
    expect(await page.getByRole('searchbox', { name: 'Search users' }).inputValue()).toBe('user')
    expect(errors).toEqual([])
  }, 120_000)

  it('screenshots: the filter menus, light and dark, wide and narrow', async () => {
    // One page, its colour scheme and size changed in place: four fresh pages cost a minute on a busy machine.
    const { page, errors } = await e2e.open({ viewport: { width: 1400, height: 900 } })
    const grid = gridOf(page, 'Users')
    await expectRows(grid, USERS)
    await filterBy(page, 'Created', 'in the last', (menu) => menu.getByRole('button', { name: '30 days' }).click())
    await grid.getByRole('searchbox', { name: 'Filter Name' }).fill('user')
    await expectRows(grid, USERS - 9)
    await inEveryLook(page, async (look) => {
      const roles = await openFilterMenu(page, 'Roles')
      await roles.getByRole('radio', { name: 'has all of' }).check()
      await roles.getByRole('checkbox', { name: 'Editor' }).check()
      await e2e.screenshot(page, `filter-menu-roles-${look}`)
      await page.keyboard.press('Escape')
      await roles.waitFor({ state: 'detached' })
      const agency = await openFilterMenu(page, 'Agency')
      await agency.getByRole('radio', { name: 'is', exact: true }).check()
      await e2e.screenshot(page, `filter-menu-agency-${look}`)
      await page.keyboard.press('Escape')
      await agency.waitFor({ state: 'detached' })
      const created = await openFilterMenu(page, 'Created')
      await created.getByRole('radio', { name: 'between' }).check()
      await created.getByLabel('From').fill('2026-01-01')
      await created.getByRole('button', { name: 'Apply' }).click()
      await created.getByRole('alert').waitFor()
      await e2e.screenshot(page, `filter-menu-created-${look}`)
      await page.keyboard.press('Escape')
      await created.waitFor({ state: 'detached' })
    })
    expect(errors).toEqual([])
  }, 120_000)
})
