/// <reference types="node" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHANGED_ELSEWHERE } from '../../src/renderer/src/grid/staging/conflicts'
import { cellOf, editText, expectCellText, expectRowsLoaded, gridOf, rowOf, saveButton, saveChanges } from './gridPage'
import postgres from 'postgres'
import { LISTENER_APPLICATION_NAME } from '../../src/main/events/listener'
import { ADMIN_URL } from '../support/databases'
import { startE2e, type E2e } from './support'
import { startRoster, type RunningRoster } from './support/roster'

describe('live updates: two browser pages on one database (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 40 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  /** Two pages, each with its own session, both showing the users grid with live updates on. */
  async function twoPages() {
    const [a, b] = [await e2e.open(), await e2e.open()]
    for (const { page } of [a, b]) {
      await expectRowsLoaded(gridOf(page, 'Users'))
      await expect.poll(() => page.locator('.status-bar').innerText()).toMatch(/\bLive\b/)
    }
    return { a, b }
  }

  it('A saves a name; B shows it within a second, without any click, with a hint that fades', async () => {
    const { a, b } = await twoPages()
    const [gridA, gridB] = [gridOf(a.page, 'Users'), gridOf(b.page, 'Users')]
    await rowOf(gridB, 'User 00002').waitFor()

    await editText(a.page, gridA, 'User 00002', 'Name', 'Renamed Live')
    await saveChanges(a.page, 1)
    // Nothing is done in B: the save's event alone brings the new name.
    await expect.poll(() => rowOf(gridB, 'Renamed Live').count(), { timeout: 1_000, interval: 50 }).toBe(1)
    const hint = rowOf(gridB, 'Renamed Live').getByText('Updated just now by another session')
    expect(await hint.count()).toBe(1)
    await e2e.screenshot(b.page, 'live-updates-b-sees-a-save')
    // The page that saved shows no hint for its own save, and the hint fades from B.
    expect(await rowOf(gridA, 'Renamed Live').getByText(/Updated just now/).count()).toBe(0)
    await expect.poll(() => hint.count(), { timeout: 10_000 }).toBe(0)
    expect([...a.errors, ...b.errors]).toEqual([])
  })

  it('B has a staged edit on a row A then changes: B marks the conflict before Save and keeps its staged edit', async () => {
    const { a, b } = await twoPages()
    const [gridA, gridB] = [gridOf(a.page, 'Users'), gridOf(b.page, 'Users')]
    await rowOf(gridB, 'User 00003').waitFor()
    await editText(b.page, gridB, 'User 00003', 'Email', 'staged.in.b@example.com')
    expect(await saveButton(b.page).textContent()).toBe('Save 1 change')

    await editText(a.page, gridA, 'User 00003', 'Name', 'Changed In A')
    await saveChanges(a.page, 1)

    // B, untouched: A's name arrives, the row is marked as changed elsewhere, B's email is still staged.
    const row = rowOf(gridB, 'Changed In A')
    await expect.poll(() => row.getAttribute('aria-invalid'), { timeout: 2_000, interval: 50 }).toBe('true')
    expect(await row.getAttribute('aria-description')).toBe(CHANGED_ELSEWHERE)
    await expectCellText(gridB, 'Changed In A', 'Email', 'staged.in.b@example.com')
    expect(await (await cellOf(gridB, 'Changed In A', 'Email')).getAttribute('class')).toContain('cell-changed')
    expect(await saveButton(b.page).textContent()).toBe('Save 1 change')
    await e2e.screenshot(b.page, 'live-updates-b-conflict-before-save')
    expect([...a.errors, ...b.errors]).toEqual([])
  })

  it('the listener killed while the database refuses new connections: the page says live updates are off, then reads everything again once back', async () => {
    const { b } = await twoPages()
    const grid = gridOf(b.page, 'Users')
    await rowOf(grid, 'User 00004').waitFor()
    // A write by another program: no event, so the page does not show it yet.
    await e2e.db.sql`update users set name = 'Renamed Outside' where email = 'user4@example.com'`
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
    const database = e2e.db.name
    try {
      await admin.unsafe(`alter database "${database}" with allow_connections false`)
      await admin`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_APPLICATION_NAME} and datname = ${database}`
      const status = b.page.locator('.status-bar')
      await expect.poll(() => status.innerText()).toMatch(/Live updates off: .*not currently accepting connections; reconnecting…/)
      await e2e.screenshot(b.page, 'live-updates-off')
      expect(await rowOf(grid, 'Renamed Outside').count()).toBe(0)
      await admin.unsafe(`alter database "${database}" with allow_connections true`)
      // Back: events may have been missed, so what is shown is read again — the outside write too.
      await expect.poll(() => status.innerText()).toMatch(/\bLive\b/)
      await expect.poll(() => rowOf(grid, 'Renamed Outside').count()).toBe(1)
    } finally {
      await admin.unsafe(`alter database "${database}" with allow_connections true`)
      await admin.end()
    }
    expect(b.errors).toEqual([])
  })

  it('two Roster servers on one database: a save in a page of one shows in a page of the other', async () => {
    let other: RunningRoster | undefined
    try {
      other = await startRoster(e2e.db.url)
      const a = await e2e.open()
      const b = await e2e.openAt(await other.freshLink())
      const [gridA, gridB] = [gridOf(a.page, 'Users'), gridOf(b.page, 'Users')]
      await rowOf(gridB, 'User 00005').waitFor()
      await expect.poll(() => b.page.locator('.status-bar').innerText()).toMatch(/\bLive\b/)
      await editText(a.page, gridA, 'User 00005', 'Name', 'Across Servers')
      await saveChanges(a.page, 1)
      // Through a second process's listener and event stream: on a loaded two-core machine its
      // scheduling alone can take most of a second, so this one is given three.
      await expect.poll(() => rowOf(gridB, 'Across Servers').count(), { timeout: 3_000, interval: 50 }).toBe(1)
      expect([...a.errors, ...b.errors]).toEqual([])
    } finally {
      await other?.stop()
    }
  })
})
