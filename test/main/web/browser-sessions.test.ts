import { describe, expect, it } from 'vitest'
import { BrowserSessions, MAX_PENDING_LINKS, MAX_SESSIONS, RETRADE_WINDOW_MS } from '../../../src/main/web/browser-sessions'

const sessionOf = (result: ReturnType<BrowserSessions['exchange']>) => {
  if (!result.ok) throw new Error(`refused: ${result.reason}`)
  return result.session
}

describe('browser-mode credentials', () => {
  it('trades the printed token once, and accepts only the session it gave', () => {
    const sessions = new BrowserSessions('printed')
    expect(sessions.isSession('printed')).toBe(false)
    const session = sessionOf(sessions.exchange('printed'))
    expect(sessions.isSession(session)).toBe(true)
    expect(sessions.exchange('printed')).toEqual({ ok: false, reason: 'used' })
    expect(sessions.exchange(session)).toEqual({ ok: false, reason: 'used' })
    expect(sessions.isSession('printed')).toBe(false)
  })

  it('spends a link when a session it was traded for is first used, revoking its other sessions', () => {
    // A page reloaded while its trade was in flight never got its session, and trades the link again.
    const sessions = new BrowserSessions('printed')
    const lost = sessionOf(sessions.exchange('printed'))
    const kept = sessionOf(sessions.exchange('printed'))
    expect(sessions.isSession(kept)).toBe(true)
    expect(sessions.isSession(lost)).toBe(false)
    expect(sessions.exchange('printed')).toEqual({ ok: false, reason: 'used' })
    expect(sessions.isSession(kept)).toBe(true)

    // Whichever was traded first: the one used wins, an issued link too.
    const link = sessions.issueLink()
    const first = sessionOf(sessions.exchange(link))
    const second = sessionOf(sessions.exchange(link))
    expect(sessions.isSession(first)).toBe(true)
    expect(sessions.isSession(second)).toBe(false)
    expect(sessions.exchange(link)).toEqual({ ok: false, reason: 'used' })
    expect(sessions.isSession(kept)).toBe(true)
  })

  it('trades a link again only within a minute of its first trade', () => {
    let now = 1_000_000
    const sessions = new BrowserSessions('printed', () => now)
    const first = sessionOf(sessions.exchange('printed'))
    now += RETRADE_WINDOW_MS
    const second = sessionOf(sessions.exchange('printed'))
    now += 1
    expect(sessions.exchange('printed')).toEqual({ ok: false, reason: 'used' })
    // Sessions already traded stay valid until one of them is used.
    expect(sessions.isSession(second)).toBe(true)
    expect(sessions.isSession(first)).toBe(false)
  })

  it('forgets the oldest unused links past its limit, never the printed one', () => {
    const sessions = new BrowserSessions('printed')
    const links = Array.from({ length: MAX_PENDING_LINKS + 1 }, () => sessions.issueLink())
    expect(sessions.exchange(links[0]!)).toEqual({ ok: false, reason: 'used' })
    expect(sessions.exchange(links[1]!).ok).toBe(true)
    expect(sessions.exchange('printed').ok).toBe(true)
  })

  it('refuses new sessions past its limit, leaving the link unused', () => {
    const sessions = new BrowserSessions('printed')
    sessionOf(sessions.exchange('printed'))
    for (let i = 1; i < MAX_SESSIONS; i++) sessionOf(sessions.exchange(sessions.issueLink()))
    const link = sessions.issueLink()
    expect(sessions.exchange(link)).toEqual({ ok: false, reason: 'full' })
  })
})
