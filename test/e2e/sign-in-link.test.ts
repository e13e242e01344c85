/// <reference types="node" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gridOf, rowOf } from './gridPage'
import { startE2e, type E2e } from './support'

describe('the printed link opens one page, once (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 3 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('takes the token out of the address, refuses a replay with what to do, and keeps the first page working', async () => {
    // The first page opens the URL Roster printed, before anything else spends it.
    const first = await e2e.openAt(e2e.roster.url)
    await rowOf(gridOf(first.page, 'Users'), 'User 00001').waitFor()
    // The token is gone; the address names the screen shown.
    expect(await first.page.evaluate(() => location.hash)).toBe('#/users')
    expect(await first.page.evaluate(() => location.href)).toBe(`${e2e.roster.origin}#/users`)
    // The tab keeps a session credential of its own, never the printed token.
    const stored = await first.page.evaluate(() => JSON.stringify(sessionStorage))
    expect(stored).toContain('roster.session')
    expect(stored).not.toContain(e2e.roster.token)

    // The same URL later, from history or another tab, opens nothing: the page says why.
    const replay = await e2e.openAt(e2e.roster.url)
    const refusal = replay.page.getByText(/This Roster link was already used/).first()
    await refusal.waitFor()
    expect(await refusal.textContent()).toContain('npm run web')
    expect(await replay.page.evaluate(() => location.hash)).not.toContain('token')
    await e2e.screenshot(replay.page, 'sign-in-link-replayed')

    // The first page keeps its session, across a reload too.
    await first.page.reload()
    await rowOf(gridOf(first.page, 'Users'), 'User 00001').waitFor()
    expect(first.errors).toEqual([])
  })
})
