const SESSION_KEY = 'roster.session'
/** A link token taken from the address and not yet traded: a reload while it is in flight trades it again. */
const LINK_KEY = 'roster.link'

/** Browser mode's credential for API calls, or why the page has none. */
export type SignIn = { ok: true; session: string } | { ok: false; message: string }

/**
 * Takes `#token=…` out of the address, in place, so neither it nor history keeps a usable link; the
 * tab keeps it until it is traded (the server spends a link only when its session is first used).
 */
function takeLinkToken(): string | null {
  const hash = new URLSearchParams(location.hash.slice(1))
  const token = hash.get('token')
  if (!token) return null
  hash.delete('token')
  const rest = hash.toString()
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`)
  sessionStorage.setItem(LINK_KEY, token)
  return token
}

/** Trades the link's one-time token for a session credential (the server refuses it a second time). */
async function exchange(token: string): Promise<SignIn> {
  let response: Response
  try {
    response = await fetch('/session', { method: 'POST', headers: { authorization: `Bearer ${token}` } })
  } catch {
    return { ok: false, message: 'Roster’s server is not reachable. Is it still running?' }
  }
  const body = (await response.json().catch(() => ({}))) as { session?: string; error?: string }
  // Answered: traded or refused, the link is of no more use to this tab.
  sessionStorage.removeItem(LINK_KEY)
  if (response.ok && body.session) {
    sessionStorage.setItem(SESSION_KEY, body.session)
    return { ok: true, session: body.session }
  }
  return { ok: false, message: body.error ?? `Roster’s server answered ${response.status} ${response.statusText}` }
}

let signingIn: Promise<SignIn> | undefined

/**
 * The page's sign-in, once per page load: the printed URL's token is exchanged for a session kept
 * for this tab only (sessionStorage, so a reload still works, during the exchange too); without a
 * token, the tab's session.
 */
export function signIn(): Promise<SignIn> {
  signingIn ??= (() => {
    const token = takeLinkToken() ?? sessionStorage.getItem(LINK_KEY)
    if (token) return exchange(token)
    const session = sessionStorage.getItem(SESSION_KEY)
    return Promise.resolve<SignIn>(
      session ? { ok: true, session } : { ok: false, message: 'This page is not signed in to Roster’s server. Open the address Roster printed when it started.' },
    )
  })()
  return signingIn
}
