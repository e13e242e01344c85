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
    const refusal = replay.page.getByRole('alert')
    await refusal.getByText(/This Roster link was already used/).waitFor()
    expect(await refusal.textContent()).toContain('npm run web')
    expect(await replay.page.evaluate(() => location.hash)).not.toContain('token')
    // That screen alone: no grid that loads and retries what cannot succeed, nothing to retry.
    expect(await replay.page.getByRole('grid').count()).toBe(0)
    expect(await replay.page.getByRole('button').count()).toBe(0)
    await e2e.screenshot(replay.page, 'sign-in-link-replayed')

    // The first page keeps its session, across a reload too.
    await first.page.reload()
    await rowOf(gridOf(first.page, 'Users'), 'User 00001').waitFor()
    expect(first.errors).toEqual([])
  })
})

describe('a page that trades its link late, or cannot sign in (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 3 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('signs a page in that is reloaded while it trades its link, and the link is then spent', async () => {
    const { page } = await e2e.openAt('about:blank')
    const link = await e2e.roster.freshLink()
    // The trade reaches the server, which answers with a session; the page is reloaded before it reads the answer.
    let traded!: () => void
    const tradeAnswered = new Promise<void>((resolve) => (traded = resolve))
    let reloaded!: () => void
    const pageReloaded = new Promise<void>((resolve) => (reloaded = resolve))
    await page.route(
      '**/session',
      async (route) => {
        const answer = await route.fetch()
        traded()
        await pageReloaded
        await route.fulfill({ response: answer }).catch(() => {})
      },
      { times: 1 },
    )
    await page.goto(link)
    await tradeAnswered
    expect(await page.evaluate(() => location.hash)).not.toContain('token')
    await page.reload()
    reloaded()
    await rowOf(gridOf(page, 'Users'), 'User 00001').waitFor()
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain('roster.link')

    // Its session used, the link opens nothing more.
    const replay = await e2e.openAt(link)
    await replay.page.getByText(/This Roster link was already used/).first().waitFor()
    // The page that was reloaded keeps working.
    await page.reload()
    await rowOf(gridOf(page, 'Users'), 'User 00001').waitFor()
  })

  it('keeps the link while the server cannot be reached, and signs in when asked to try again', async () => {
    const { page, errors } = await e2e.openAt('about:blank')
    await page.route('**/session', (route) => route.abort('connectionrefused'))
    await page.goto(await e2e.roster.freshLink())
    const notice = page.getByRole('alert')
    await notice.getByText('Roster’s server is not reachable. Is it still running?').waitFor()
    expect(await page.getByRole('grid').count()).toBe(0)
    await page.unroute('**/session')
    await notice.getByRole('button', { name: 'Try again' }).click()
    await rowOf(gridOf(page, 'Users'), 'User 00001').waitFor()
    expect(await page.getByRole('alert').count()).toBe(0)
    // Live updates open once the page is signed in after all.
    await page.getByText('Live', { exact: true }).waitFor()
    // The browser logs the refused request it was made to fail; nothing else went wrong.
    expect(errors.filter((error) => !error.includes('ERR_CONNECTION_REFUSED'))).toEqual([])
  })

  it('says so over the app when the server no longer knows its session (a restarted server)', async () => {
    const { page } = await e2e.open()
    await rowOf(gridOf(page, 'Users'), 'User 00001').waitFor()
    // What a restarted server makes of the session the tab kept: one it never gave.
    await page.evaluate(() => sessionStorage.setItem('roster.session', 'a-session-from-before-the-restart'))
    await page.reload()
    const notice = page.getByRole('alert')
    await notice.getByText(/sign-in is no longer valid: Roster’s server was restarted/).waitFor()
    expect(await notice.getByRole('button').count()).toBe(0)
    // The session is forgotten: a reload shows the same notice, not a page that retries.
    expect(await page.evaluate(() => sessionStorage.getItem('roster.session'))).toBeNull()
    await e2e.screenshot(page, 'sign-in-ended')
    await page.reload()
    await page.getByRole('alert').getByText(/not signed in to Roster’s server/).waitFor()
  })
})
