import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import postgres from 'postgres'
import { openDatabase } from '../../src/main/db/client'
import { applyMigrations } from '../../src/main/db/migrations'
import { methodNames } from '../../src/shared/contract/methods'
import { createPostgresDatabase, MIGRATIONS } from '../support/databases'
import { seedUsers } from '../support/seed-sql'
import { launchRoster, ROOT, runSecondRoster } from './roster-app'

type Bridge = Record<string, (input: unknown) => Promise<{ ok: boolean; data?: unknown; error?: { message: string } }>>

/** Calls an API method through the preload bridge, as the renderer does. */
const callBridge = (window: Page, method: string, input: unknown) =>
  window.evaluate(([name, body]) => (window as unknown as { roster: Bridge }).roster[name]!(body), [method, input] as const)

const screenshot = (window: Page, name: string) => window.screenshot({ path: join(ROOT, `test-results/screenshots/${name}.png`) })

test('the window opens on the embedded database: demo data, an edit that saves, the preload bridge, one instance', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-electron-'))
  const app = await launchRoster(dataDir)
  try {
    const window = await app.firstWindow()
    await expect(window).toHaveTitle('Roster')

    // The first open migrates and seeds the embedded database: the users grid shows demo people.
    const grid = window.getByRole('grid', { name: 'Users' })
    await expect(grid.getByRole('gridcell', { name: /@example\.com$/ }).first()).toBeVisible({ timeout: 45_000 })
    await expect(window.getByText('Embedded database', { exact: true }).first()).toBeVisible()
    expect(await callBridge(window, 'database.status', {})).toMatchObject({ ok: true, data: { kind: 'embedded', schema: { state: 'ready' } } })

    // The renderer sees exactly the contract's methods and one event subscription, and nothing of Node.
    const surface = await window.evaluate(() => {
      const page = window as unknown as Record<string, unknown>
      return {
        roster: Object.keys((page.roster as object | undefined) ?? {}).sort(),
        rosterEvents: Object.keys((page.rosterEvents as object | undefined) ?? {}),
        node: ['require', 'process', 'module', 'Buffer', 'global'].filter((name) => name in globalThis),
      }
    })
    expect(surface).toEqual({ roster: [...methodNames].sort(), rosterEvents: ['subscribe'], node: [] })

    // An edit in the grid, saved, is in the database.
    const firstRow = grid.locator('[role="row"][aria-label]').first()
    const before = (await firstRow.getAttribute('aria-label'))!
    const after = `${before} (packaged)`
    const nameColumn = await grid.getByRole('columnheader', { name: 'Name', exact: true }).getAttribute('aria-colindex')
    await firstRow.locator(`[aria-colindex="${nameColumn}"]`).dblclick()
    const editor = window.getByRole('textbox', { name: `Name of ${before}` })
    await editor.fill(after)
    await editor.press('Enter')
    await window.getByRole('button', { name: 'Save 1 change' }).click()
    await expect(window.getByRole('status').filter({ hasText: /^Saved 1 change\.$/ })).toBeVisible()
    await screenshot(window, 'electron-embedded-saved')
    const saved = await callBridge(window, 'users.list', { search: after })
    expect(saved).toMatchObject({ ok: true, data: { rows: [{ name: after }] } })

    // A second launch on the same data folder hands over to this one and quits: this window comes back.
    await app.evaluate(({ BrowserWindow }) => {
      const [main] = BrowserWindow.getAllWindows()
      const focus = main!.focus.bind(main)
      const calls = globalThis as unknown as { rosterFocusCalls: number }
      calls.rosterFocusCalls = 0
      main!.focus = () => {
        calls.rosterFocusCalls += 1
        focus()
      }
      main!.hide()
    })
    expect(await runSecondRoster(dataDir, 30_000)).toBe(0)
    await expect
      .poll(() =>
        app.evaluate(({ BrowserWindow }) => ({
          windows: BrowserWindow.getAllWindows().length,
          visible: BrowserWindow.getAllWindows()[0]!.isVisible(),
          focusCalls: (globalThis as unknown as { rosterFocusCalls: number }).rosterFocusCalls,
        })),
      )
      .toEqual({ windows: 1, visible: true, focusCalls: 1 })
  } finally {
    await app.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
})

test('the window opens a PostgreSQL database given by --database', async () => {
  const created = await createPostgresDatabase('roster_electron')
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-electron-'))
  const sql = postgres(created.url, { max: 1, onnotice: () => {} })
  try {
    const database = await openDatabase({ kind: 'postgres', url: created.url })
    await applyMigrations(database, MIGRATIONS).finally(() => database.close())
    await seedUsers(sql, 25)

    const app = await launchRoster(dataDir, ['--database', created.url])
    try {
      const window = await app.firstWindow()
      await expect(window).toHaveTitle('Roster')
      await expect(window.getByRole('gridcell', { name: 'User 00001' })).toBeVisible()
      expect(await callBridge(window, 'database.status', {})).toMatchObject({ ok: true, data: { kind: 'postgres' } })

      await window.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Connection' }).click()
      await expect(window.getByRole('heading', { name: 'Connections', level: 1 })).toBeVisible()
      await screenshot(window, 'electron-smoke')
    } finally {
      await app.close()
    }
  } finally {
    await sql.end({ timeout: 1 })
    await created.drop()
    rmSync(dataDir, { recursive: true, force: true })
  }
})
