import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { _electron as electron, expect, test } from '@playwright/test'
import postgres from 'postgres'
import { openDatabase } from '../../src/main/db/client'
import { applyMigrations } from '../../src/main/db/migrations'
import { methodNames } from '../../src/shared/contract/methods'
import { createPostgresDatabase, MIGRATIONS } from '../support/databases'
import { seedUsers } from '../support/seed-sql'
import { electronBinary } from './electron-binary'

const ROOT = resolve(import.meta.dirname, '../..')

test('the desktop window opens a real database through the preload bridge', async () => {
  const created = await createPostgresDatabase('roster_electron')
  const userData = mkdtempSync(join(tmpdir(), 'roster-electron-'))
  const sql = postgres(created.url, { max: 1, onnotice: () => {} })
  try {
    const database = await openDatabase({ kind: 'postgres', url: created.url })
    await applyMigrations(database, MIGRATIONS).finally(() => database.close())
    await seedUsers(sql, 25)

    const app = await electron.launch({
      executablePath: electronBinary(),
      args: [join(ROOT, 'out/main/index.js'), '--database', created.url],
      cwd: ROOT,
      // Keeps the test's saved connections out of the real user's data folder (Linux).
      env: { ...process.env, XDG_CONFIG_HOME: userData, ROSTER_DATABASE_URL: '' },
    })
    try {
      const window = await app.firstWindow()
      await expect(window).toHaveTitle('Roster')
      await expect(window.getByRole('grid')).toBeVisible()
      await expect(window.getByRole('gridcell', { name: 'User 00001' })).toBeVisible()

      // The renderer sees exactly the contract's methods, and nothing of Node.
      const exposed = await window.evaluate(() => Object.keys((window as unknown as { roster?: object }).roster ?? {}).sort())
      expect(exposed).toEqual([...methodNames].sort())
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')

      await window.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Connection' }).click()
      await expect(window.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible()
      await window.screenshot({ path: join(ROOT, 'test-results/screenshots/electron-smoke.png') })
    } finally {
      await app.close()
    }
  } finally {
    await sql.end({ timeout: 1 })
    await created.drop()
    rmSync(userData, { recursive: true, force: true })
  }
})
