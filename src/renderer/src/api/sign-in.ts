const SESSION_KEY = 'roster.session'
/** A link token taken from the address and not yet traded: a reload while it is in flight trades it again. */
const LINK_KEY = 'roster.link'

export const NOT_SIGNED_IN = 'This page is not signed in to Roster’s server. Open the address Roster printed when it started.'
export const SESSION_ENDED =
  'This page’s sign-in is no longer valid: Roster’s server was restarted. Open the new address it printed when it started.'
const UNREACHABLE = 'Roster’s server is not reachable. Is it still running?'

/**
 * Browser mode's credential for API calls, or why the page has none: `retry`, trying again may
 * help; `ended`, the server refused a session the page was using.
 */
export type SignIn = { ok: true; session: string } | { ok: false; message: string; retry?: boolean; ended?: boolean }

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
    // Not answered: the tab keeps the link, to trade it when the server is back.
    return { ok: false, message: UNREACHABLE, retry: true }
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
/** Where the page's sign-in stands, for the screen that shows it (SignInGate); null while it is under way. */
let settled: SignIn | null = null
const listeners = new Set<() => void>()

function settle(outcome: SignIn | null) {
  settled = outcome
  for (const listener of listeners) listener()
}

/**
 * The page's sign-in, once per page load: the printed URL's token is exchanged for a session kept
 * for this tab only (sessionStorage, so a reload still works, during the exchange too); without a
 * token, the tab's session.
 */
export function signIn(): Promise<SignIn> {
  signingIn ??= (async () => {
    const token = takeLinkToken() ?? sessionStorage.getItem(LINK_KEY)
    const session = sessionStorage.getItem(SESSION_KEY)
    const outcome: SignIn = token ? await exchange(token) : session ? { ok: true, session } : { ok: false, message: NOT_SIGNED_IN }
    // A sign-out that came first (a refused call) is not undone by a late answer.
    if (settled === null || settled.ok) settle(outcome)
    return outcome
  })()
  return signingIn
}

/** The server refused the tab's session (a restarted server knows none it gave before): the page is signed out. */
export function signedOut(message: string): void {
  if (settled && !settled.ok) return
  sessionStorage.removeItem(SESSION_KEY)
  const outcome: SignIn = { ok: false, message, ended: true }
  signingIn = Promise.resolve(outcome)
  settle(outcome)
}

/** Signs in again after a failure that may pass (the server was not reachable). */
export function retrySignIn(): Promise<SignIn> {
  signingIn = undefined
  settle(null)
  return signIn()
}

export function subscribeSignIn(listener: () => void): () => void {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

export const signInState = (): SignIn | null => settled
