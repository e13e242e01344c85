/// <reference types="node" />
import postgres from 'postgres'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/db/client'
import { applyMigrations } from '../../src/main/db/migrations'
import { MIGRATIONS } from '../support/databases'
import { editText, expectCellText, gridOf, rowOf, saveButton } from './gridPage'
import { createPostgresDatabase, startE2e, type E2e } from './support'

const SECOND = 'Second database'

const openDatabaseLabel = (page: Page) => page.getByRole('banner').getByLabel('Open database').textContent()
const nav = (page: Page, screen: string) => page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen })

describe('switching database with unsaved changes (browser mode, real PostgreSQL)', () => {
  let e2e: E2e
  let second: Awaited<ReturnType<typeof createPostgresDatabase>>
  let secondSql: postgres.Sql
  const nameOf = async (sql: postgres.Sql, email: string) => (await sql<{ name: string }[]>`select name from users where email = ${email}`)[0]?.name

  beforeAll(async () => {
    ;[e2e, second] = await Promise.all([startE2e({ users: 5 }), createPostgresDatabase('roster_e2e_second')])
    const database = await openDatabase({ kind: 'postgres', url: second.url })
    try {
      await applyMigrations(database, MIGRATIONS)
    } finally {
      await database.close()
    }
    secondSql = postgres(second.url, { max: 1, onnotice: () => {} })
    await secondSql`insert into users (email, name) values ('other@example.com', 'Other Database User')`
    // The second database is a saved connection, added through the API rather than the form.
    const response = await fetch(new URL('api/connections.save', e2e.roster.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await e2e.roster.session()}` },
      body: JSON.stringify({ name: SECOND, url: second.url }),
    })
    expect(await response.json()).toMatchObject({ ok: true })
  })
  afterAll(async () => {
    await secondSql?.end({ timeout: 1 })
    await e2e?.close()
    await second?.drop()
  })

  it('asks before the edits are lost: Keep editing keeps them and the database, Discard lets the switch happen', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await editText(page, grid, 'User 00001', 'Name', 'Unsaved One')
    expect(await openDatabaseLabel(page)).toContain(e2e.db.name)

    // The way to another database is the Connection screen; going there asks first.
    await nav(page, 'Connection').click()
    const dialog = page.getByRole('alertdialog', { name: 'Discard unsaved changes?' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('You have 1 unsaved change.')
    await e2e.screenshot(page, 'switch-database-asks')

    await dialog.getByRole('button', { name: 'Keep editing' }).click()
    await dialog.waitFor({ state: 'detached' })
    await expectCellText(grid, 'Unsaved One', 'Name', 'Unsaved One')
    expect(await saveButton(page).textContent()).toBe('Save 1 change')
    expect(await openDatabaseLabel(page)).toContain(e2e.db.name)
    expect(await page.getByRole('heading', { name: 'Connections' }).count()).toBe(0)

    // Discarding, then opening the second database, switches the whole app to it.
    await nav(page, 'Connection').click()
    await dialog.getByRole('button', { name: 'Discard and leave' }).click()
    await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor()
    await page.getByRole('button', { name: `Open ${SECOND}` }).click()
    await expect.poll(() => openDatabaseLabel(page)).toContain(second.name)
    await expect.poll(() => page.getByRole('navigation', { name: 'Screens' }).locator('[aria-current="page"]').textContent()).toBe('Users')
    await rowOf(grid, 'Other Database User').waitFor()
    expect(await rowOf(grid, 'User 00001').count()).toBe(0)
    expect(await page.getByRole('button', { name: 'No changes' }).isDisabled()).toBe(true)
    await e2e.screenshot(page, 'switch-database-switched')

    // Nothing was written anywhere.
    expect(await nameOf(e2e.db.sql, 'user1@example.com')).toBe('User 00001')
    expect(await secondSql`select name from users`).toEqual([{ name: 'Other Database User' }])

    // And back to the first database, with nothing staged to ask about.
    await nav(page, 'Connection').click()
    await page.getByRole('button', { name: 'Open Command line database' }).click()
    await expect.poll(() => openDatabaseLabel(page)).toContain(e2e.db.name)
    await expectCellText(grid, 'User 00001', 'Name', 'User 00001')
    expect(errors).toEqual([])
  })
})
