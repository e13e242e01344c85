/// <reference types="node" />
import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseMore, gridOf, openScreen } from './gridPage'
import { startE2e, type E2e } from './support'

const USERS = 8_000

describe('CSV export of a grid view (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: USERS })
    const { sql } = e2e.db
    // Roles for every third user, and names a spreadsheet must not run.
    await sql`insert into user_roles (user_id, role_id) select u.id, r.id from users u cross join roles r where hashtext(u.email || r.name) % 3 = 0`
    // In the view below (Agency B holds users 1, 9, 17, …).
    await sql`update users set name = '=cmd|'' /C calc''!A0 ' || name where email = 'user1105@example.com'`
    await sql`update users set name = 'Comma, "Quoted" ' || name where email = 'user1201@example.com'`
  }, 120_000)
  afterAll(async () => {
    await e2e?.close()
  })

  it('downloads every row of a filtered, sorted view (not only those loaded) and the file equals the database', async () => {
    const { page, errors } = await e2e.open()
    await openScreen(page, 'Users')
    const grid = gridOf(page, 'Users')
    // The view: a search, a column filter and a sort by email, descending.
    await page.getByRole('searchbox', { name: 'Search users' }).fill('User 0')
    await page.getByRole('searchbox', { name: 'Filter Agency' }).fill('Agency B')
    const emailHeader = grid.getByRole('columnheader', { name: 'Email', exact: true })
    // One click at a time: under load a second click could come before the first one's sort showed.
    await emailHeader.getByTitle(/^Sort/).click()
    await expect.poll(() => emailHeader.getAttribute('aria-sort')).toBe('ascending')
    await emailHeader.getByTitle(/^Sort/).click()
    await expect.poll(() => emailHeader.getAttribute('aria-sort')).toBe('descending')

    const { sql } = e2e.db
    const expected = await sql<{ name: string; email: string; agency: string | null; roles: string | null; active: boolean; created: string; updated: string }[]>`
      select u.name, u.email, a.name as agency,
        (select string_agg(r.name, ';' order by r.name) from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id) as roles,
        u.is_active as active,
        to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created,
        to_char(u.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as updated
      from users u left join agencies a on a.id = u.agency_id
      where u.deleted_at is null and (u.name ilike '%User 0%' or u.email ilike '%User 0%') and a.name ilike '%Agency B%'
      order by u.email desc, u.id desc`
    // More rows than the grid loads at once: the export must not stop at the loaded window.
    expect(expected.length).toBeGreaterThan(500)
    await expect.poll(() => grid.getAttribute('aria-rowcount')).toBe(String(expected.length + 1))

    await chooseMore(page, 'Export…')
    const dialog = page.getByRole('dialog', { name: 'Export users to CSV' })
    await dialog.getByRole('checkbox', { name: 'For Excel (UTF-8 with a byte order mark)' }).check()
    await e2e.screenshot(page, 'export-options')
    const downloading = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Export CSV' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toMatch(/^users-\d{4}-\d\d-\d\d\.csv$/)
    const path = await download.path()
    await expect.poll(() => dialog.getByRole('status').textContent(), { timeout: 20_000 }).toBe(`Exported ${expected.length.toLocaleString('en-US')} rows to ${download.suggestedFilename()}.`)
    await e2e.screenshot(page, 'export-done')

    const bytes = await readFile(path)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...rows] = parse(bytes, { bom: true }) as string[][]
    expect(header).toEqual(['Name', 'Email', 'Agency', 'Roles', 'Active', 'Created', 'Updated'])
    const neutral = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text)
    expect(rows).toEqual(expected.map((u) => [neutral(u.name), u.email, u.agency ?? '', u.roles ?? '', String(u.active), u.created, u.updated]))
    expect(rows.some((r) => r[0]!.startsWith("'=cmd|"))).toBe(true)
    expect(rows.some((r) => r[0]!.startsWith('Comma, "Quoted" '))).toBe(true)
    expect(errors).toEqual([])
  })
})
