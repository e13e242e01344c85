/// <reference types="node" />
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseMore, gridOf, rowOf } from './gridPage'
import { startE2e, type E2e } from './support'

const csv = (lines: string[]) => Buffer.from(lines.join('\n') + '\n')

/** Chooses a file in the import dialog's file input, as a person picking it would. */
async function chooseFile(page: Page, name: string, content: Buffer) {
  await page.getByLabel('File', { exact: true }).setInputFiles({ name, mimeType: 'text/csv', buffer: content })
}

describe('CSV import (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 5 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('reports both bad rows of a file and writes nothing; the fixed file imports', { timeout: 120_000 }, async () => {
    const { page, errors } = await e2e.open()
    const { sql } = e2e.db
    const grid = gridOf(page, 'Users')
    await rowOf(grid, 'User 00001').waitFor()
    const count = async () => Number((await sql`select count(*)::int as n from users`)[0]!.n)
    const before = await count()

    await chooseMore(page, 'Import…')
    const dialog = page.getByRole('dialog', { name: 'Import users from CSV' })
    const rows = [
      'Name,Email,Agency,Roles,Active',
      'Imported Ann,imported.ann@example.com,Agency A,Editor;Viewer,true',
      'Imported Bob,imported.bob.example.com,Agency B,Viewer,true',
      'Imported Cid,imported.cid@example.com,Agency Nowhere,,false',
      'Imported Dee,imported.dee@example.com,,Administrator,true',
    ]
    await chooseFile(page, 'people.csv', csv(rows))
    await dialog.getByRole('region', { name: 'Preview of the file' }).getByText('Imported Ann').waitFor()
    expect(await dialog.getByRole('combobox', { name: 'Field for column Agency' }).inputValue()).toBe('agencyId')
    await e2e.screenshot(page, 'import-preview')

    await dialog.getByRole('button', { name: 'Check file' }).click()
    const problems = dialog.getByRole('region', { name: 'Problems found' })
    await problems.waitFor()
    expect(await problems.getByRole('row').allInnerTexts()).toEqual([
      'Row\tColumn\tProblem',
      '3\tEmail\timported.bob.example.com is not a valid email address',
      '4\tAgency\tNo agency is named Agency Nowhere',
    ])
    expect(await dialog.getByRole('alert').innerText()).toMatch(/^2 problems in 2 rows of 4: nothing is written/)
    expect(await dialog.getByRole('button', { name: 'Download failing rows (CSV)' }).isEnabled()).toBe(true)
    expect(await dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true)
    await e2e.screenshot(page, 'import-problems')
    expect(await count()).toBe(before)

    const download = page.waitForEvent('download')
    await dialog.getByRole('button', { name: 'Download failing rows (CSV)' }).click()
    const saved = await (await download).path()
    const { readFileSync } = await import('node:fs')
    expect(readFileSync(saved, 'utf8').split('\r\n').slice(0, 3)).toEqual([
      '\uFEFFName,Email,Agency,Roles,Active,Row,Problems',
      'Imported Bob,imported.bob.example.com,Agency B,Viewer,true,3,Email: imported.bob.example.com is not a valid email address',
      'Imported Cid,imported.cid@example.com,Agency Nowhere,,false,4,Agency: No agency is named Agency Nowhere',
    ])

    rows[2] = 'Imported Bob,imported.bob@example.com,Agency B,Viewer,true'
    rows[3] = 'Imported Cid,imported.cid@example.com,Agency C,,false'
    await chooseFile(page, 'people-fixed.csv', csv(rows))
    await dialog.getByRole('region', { name: 'Preview of the file' }).getByText('Agency C').waitFor()
    await dialog.getByRole('button', { name: 'Check file' }).click()
    await dialog.getByText('4 rows checked, no problems: 4 new rows, 0 updates.').waitFor()
    await dialog.getByRole('button', { name: 'Import 4 rows' }).click()
    await dialog.getByText('Imported: 4 added, 0 updated.').waitFor()
    await e2e.screenshot(page, 'import-done')

    const imported = await sql`
      select u.name, u.email, a.name as agency, u.is_active,
             coalesce((select string_agg(r.name, ';' order by r.name) from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id), '') as roles
      from users u left join agencies a on a.id = u.agency_id where u.email like 'imported.%' order by u.name`
    expect(imported.map((r) => ({ ...r }))).toEqual([
      { name: 'Imported Ann', email: 'imported.ann@example.com', agency: 'Agency A', is_active: true, roles: 'Editor;Viewer' },
      { name: 'Imported Bob', email: 'imported.bob@example.com', agency: 'Agency B', is_active: true, roles: 'Viewer' },
      { name: 'Imported Cid', email: 'imported.cid@example.com', agency: 'Agency C', is_active: false, roles: '' },
      { name: 'Imported Dee', email: 'imported.dee@example.com', agency: null, is_active: true, roles: 'Administrator' },
    ])
    await dialog.getByRole('button', { name: 'Close' }).click()
    // The grid reads the new rows.
    await rowOf(grid, 'Imported Ann').waitFor()
    expect(errors).toEqual([])
  })
})
