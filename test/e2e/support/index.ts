/// <reference types="node" />
import postgres from 'postgres'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { openDatabase } from '../../../src/main/db/client'
import { applyMigrations } from '../../../src/main/db/migrations'
import { createPostgresDatabase, MIGRATIONS } from '../../support/databases'
import { seedUsers } from '../../support/seed-sql'
import { ensureBuilt } from './build'
import { launchBrowser, openPage, screenshot, type PageOptions } from './browser'
import { startRoster, type RunningRoster } from './roster'

export { screenshot } from './browser'
export { inEveryLook, LOOKS } from './looks'
export { createPostgresDatabase } from '../../support/databases'
export { seedUsers } from '../../support/seed-sql'

export interface E2eOptions {
  /** Apply Roster's migrations to the new database (default true). */
  migrate?: boolean
  /** Fill it with this many users (and a few agencies and roles), by SQL. */
  users?: number
  /** The URL Roster is started with, from the database's own (e.g. the address of a pooler in front of it). */
  reachedAs?: (url: string, name: string) => string
}

export interface E2e {
  /** The database created for this test file, and a SQL client to check it behind the UI's back. */
  db: { name: string; url: string; sql: postgres.Sql }
  roster: RunningRoster
  browser: Browser
  /** Opens Roster in a fresh browser context, signed in by a fresh one-time link; page errors are collected in `errors`. */
  open(options?: PageOptions): Promise<{ page: Page; context: BrowserContext; errors: string[] }>
  /** Opens this exact address (e.g. `roster.url`, the printed link) in a fresh browser context. */
  openAt(url: string, options?: PageOptions): Promise<{ page: Page; context: BrowserContext; errors: string[] }>
  screenshot(page: Page, name: string): Promise<string>
  close(): Promise<void>
}

/** Builds if needed, creates a fresh database, starts browser mode on it and launches Chromium. */
export async function startE2e(options: E2eOptions = {}): Promise<E2e> {
  ensureBuilt()
  const created = await createPostgresDatabase('roster_e2e')
  const sql = postgres(created.url, { max: 2, onnotice: () => {} })
  let roster: RunningRoster | undefined
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []

  const close = async () => {
    await Promise.allSettled(contexts.map((c) => c.close()))
    await browser?.close().catch(() => {})
    await roster?.stop()
    await sql.end({ timeout: 5 })
    await created.drop()
  }

  try {
    if (options.migrate ?? true) {
      const database = await openDatabase({ kind: 'postgres', url: created.url })
      try {
        await applyMigrations(database, MIGRATIONS)
      } finally {
        await database.close()
      }
    }
    if (options.users) await seedUsers(sql, options.users)
    ;[roster, browser] = await Promise.all([startRoster(options.reachedAs?.(created.url, created.name) ?? created.url), launchBrowser()])
  } catch (error) {
    await close()
    throw error
  }

  const running = roster
  const launched = browser
  const openAt = async (url: string, pageOptions?: PageOptions) => {
    const opened = await openPage(launched, url, pageOptions)
    contexts.push(opened.context)
    return opened
  }
  return {
    db: { name: created.name, url: created.url, sql },
    roster: running,
    browser: launched,
    // Each page signs in with its own link, as a person opening a fresh URL would: the printed
    // link works once, so the test support trades it for a session and asks for one link per page.
    // open() returns once the page holds its session: goto returns at "load", while the link's
    // exchange may still be in flight, and a reload then would find the link spent and no session.
    open: async (pageOptions) => {
      const opened = await openAt(await running.freshLink(), pageOptions)
      await opened.page.waitForFunction(() => sessionStorage.getItem('roster.session') !== null)
      return opened
    },
    openAt,
    screenshot,
    close,
  }
}
