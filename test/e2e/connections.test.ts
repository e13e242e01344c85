/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPasswordServer, type PasswordServer } from '../support/password-postgres'
import { createPostgresDatabase, startE2e, type E2e } from './support'

async function goToConnections(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Connection' }).click()
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor()
}

describe('connection screen (browser mode, real PostgreSQL)', () => {
  let e2e: E2e
  let passwordServer: PasswordServer

  beforeAll(async () => {
    ;[e2e, passwordServer] = await Promise.all([startE2e(), startPasswordServer()])
  })
  afterAll(async () => {
    await e2e?.close()
    passwordServer?.stop()
  })

  it('says clearly that a password was refused, then saves the right one encrypted', async () => {
    const { page, errors } = await e2e.open()
    await goToConnections(page)
    await expect.poll(() => page.getByRole('list', { name: 'Connections' }).getByRole('listitem').count()).toBe(2)

    await page.getByRole('button', { name: 'Add connection' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add a connection' })
    await dialog.getByLabel('Name').fill('Reporting server')
    await dialog.getByLabel('PostgreSQL URL').fill(`postgres://${passwordServer.user}@127.0.0.1:${passwordServer.port}/postgres`)
    await dialog.getByLabel('Password').fill('not the password')
    await dialog.getByRole('button', { name: 'Test' }).click()

    const refusal = dialog.getByRole('alert')
    await expect
      .poll(() => refusal.textContent())
      .toBe(`The password for user roster_admin was refused by 127.0.0.1:${passwordServer.port}. Check the password.`)
    await e2e.screenshot(page, 'connections-wrong-password')

    await dialog.getByLabel('Password').fill(passwordServer.password)
    await dialog.getByRole('button', { name: 'Test' }).click()
    const connected = dialog.getByRole('status')
    await expect.poll(() => connected.textContent()).toMatch(/^Connected to PostgreSQL \d+\.\d+.* in \d+ ms\.Roster.s tables are not here yet/)
    await e2e.screenshot(page, 'connections-test-ok')

    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    const card = page.getByRole('listitem', { name: 'Reporting server' })
    await expect.poll(() => card.textContent()).toContain('Password saved')
    await e2e.screenshot(page, 'connections-list-light')

    const onDisk = readFileSync(join(e2e.roster.dataDir, 'connections.json'), 'utf8')
    expect(onDisk).toContain('Reporting server')
    expect(onDisk).not.toContain(passwordServer.password)

    // Testing the saved connection uses the stored (encrypted) password.
    await card.getByRole('button', { name: 'Test Reporting server' }).click()
    await expect.poll(() => card.getByRole('status').textContent()).toMatch(/^Connected to PostgreSQL/)
    expect(errors).toEqual([])
  })

  it('renames a saved connection keeping its password, and removes it after asking', async () => {
    // Its own saved connection (with a password), saved through the API as the dialog would.
    const saved = await fetch(new URL('/api/connections.save', e2e.roster.origin), {
      method: 'POST',
      headers: { authorization: `Bearer ${await e2e.roster.session()}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Billing server',
        url: `postgres://${passwordServer.user}@127.0.0.1:${passwordServer.port}/postgres`,
        password: passwordServer.password,
      }),
    })
    expect(await saved.json()).toMatchObject({ ok: true, data: { name: 'Billing server', hasPassword: true } })
    const { page, errors } = await e2e.open()
    await goToConnections(page)
    const card = page.getByRole('listitem', { name: 'Billing server' })
    await card.getByRole('button', { name: 'Edit Billing server' }).click()
    const dialog = page.getByRole('dialog', { name: 'Edit Billing server' })
    expect(await dialog.getByLabel('Password').inputValue()).toBe('')
    await dialog.getByLabel('Name').fill('Reports')
    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })

    const renamed = page.getByRole('listitem', { name: 'Reports' })
    await renamed.getByRole('button', { name: 'Test Reports' }).click()
    await expect.poll(() => renamed.getByRole('status').textContent()).toMatch(/^Connected to PostgreSQL/)

    await renamed.getByRole('button', { name: 'Remove Reports' }).click()
    const confirm = page.getByRole('dialog', { name: 'Remove Reports?' })
    await e2e.screenshot(page, 'connections-remove-confirm')
    await confirm.getByRole('button', { name: 'Remove' }).click()
    await confirm.waitFor({ state: 'detached' })
    await renamed.waitFor({ state: 'detached' })
    expect(readFileSync(join(e2e.roster.dataDir, 'connections.json'), 'utf8')).not.toContain('Reports')
    expect(errors).toEqual([])
  })

  it('applies a new empty database’s migrations with one click, then opens it', async () => {
    const empty = await createPostgresDatabase('roster_e2e_empty')
    const sql = postgres(empty.url, { max: 1, onnotice: () => {} })
    try {
      const { page, errors } = await e2e.open({ colorScheme: 'dark' })
      await goToConnections(page)

      await page.getByRole('button', { name: 'Add connection' }).click()
      const dialog = page.getByRole('dialog', { name: 'Add a connection' })
      await dialog.getByLabel('Name').fill('Fresh database')
      await dialog.getByRole('radio', { name: 'Separate fields' }).click()
      await dialog.getByLabel('Host').fill('127.0.0.1')
      await dialog.getByLabel('Port', { exact: true }).fill('5432')
      await dialog.getByLabel('Database').fill(empty.name)
      await dialog.getByLabel('User').fill('postgres')
      await dialog.getByRole('button', { name: 'Test' }).click()
      await expect.poll(() => dialog.getByRole('status').textContent()).toMatch(/Roster.s tables are not here yet/)
      await e2e.screenshot(page, 'connections-form-dark')
      await dialog.getByRole('button', { name: 'Save' }).click()
      await dialog.waitFor({ state: 'detached' })

      await page.getByRole('button', { name: 'Open Fresh database' }).click()
      const panel = page.getByRole('region', { name: 'Schema status' })
      await panel.getByRole('heading', { name: 'This database has no Roster tables yet' }).waitFor()
      const pending = await panel.getByRole('list', { name: 'Pending migrations' }).getByRole('listitem').allTextContents()
      expect(pending.length).toBeGreaterThan(0)
      // Nothing is applied before the click.
      const usersTableExists = async () => (await sql<{ exists: boolean }[]>`select to_regclass('public.users') is not null as exists`)[0]?.exists
      expect(await usersTableExists()).toBe(false)
      await e2e.screenshot(page, 'connections-migrations-pending')

      await panel.getByRole('button', { name: `Apply ${pending.length} migration${pending.length === 1 ? '' : 's'}` }).click()

      // Then the app opens the database: the Users screen, on the new database, with the schema ready.
      await expect.poll(() => page.getByRole('navigation', { name: 'Screens' }).locator('[aria-current="page"]').textContent()).toBe('Users')
      await expect.poll(() => page.getByRole('banner').textContent()).toContain(empty.name)
      await page.getByRole('grid').waitFor()
      await page.getByText('Loading users…').waitFor({ state: 'detached' })
      await e2e.screenshot(page, 'connections-migrated-opened')

      const applied = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`
      expect(applied[0]!.n).toBe(pending.length)
      expect(await usersTableExists()).toBe(true)
      expect(errors).toEqual([])
    } finally {
      await sql.end({ timeout: 1 })
      await empty.drop()
    }
  })
  it('asks before storing a password where this computer has no secure storage', async () => {
    const { page, errors } = await e2e.open()
    // Browser mode always has its key file; the desktop app on a Linux with no keychain reports
    // this (its main side is tested with a safeStorage double in test/main/connections).
    await page.route('**/api/connections.list', async (route) => {
      const response = await route.fetch()
      const body = (await response.json()) as { ok: boolean; data: { secureStorage: boolean } }
      body.data.secureStorage = false
      await route.fulfill({ response, json: body })
    })
    await goToConnections(page)
    await page.getByRole('button', { name: 'Add connection' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add a connection' })
    const consent = dialog.getByRole('checkbox', { name: 'Store passwords on this computer without secure storage' })
    await consent.waitFor()
    expect(await dialog.textContent()).toContain('Passwords cannot be stored securely on this computer')
    await dialog.getByLabel('Name').fill('Consented')
    await dialog.getByLabel('PostgreSQL URL').fill(`postgres://${passwordServer.user}@127.0.0.1:${passwordServer.port}/postgres`)
    await dialog.getByLabel('Password', { exact: true }).fill(passwordServer.password)
    await consent.check()
    await e2e.screenshot(page, 'connections-insecure-storage-consent')
    const saving = page.waitForRequest('**/api/connections.save')
    await dialog.getByRole('button', { name: 'Save' }).click()
    expect((await saving).postDataJSON()).toMatchObject({ name: 'Consented', allowInsecureStorage: true })
    await dialog.waitFor({ state: 'detached' })
    expect(errors).toEqual([])
  })
})
