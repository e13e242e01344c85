import { methodNames, type MethodName, type RosterApi } from '../../../shared/contract'
import type { ApiError, Result } from '../../../shared/result'
import { SESSION_ENDED, signedOut, signIn } from './sign-in'

const failure = (error: ApiError): Result<never> => ({ ok: false, error })

/** Builds the API object from one function that carries a call to the other side. */
function apiFrom(send: (method: MethodName, input: unknown) => Promise<Result<unknown>>): RosterApi {
  const entries = methodNames.map((method) => [method, (input: unknown) => send(method, input)])
  return Object.fromEntries(entries) as RosterApi
}

/** Browser mode: `POST /api/<method>` with the tab's session credential. */
function httpApi(): RosterApi {
  return apiFrom(async (method, input) => {
    // The page's sign-in as it stands now: a page may sign in again (Try again) after a failure.
    const credential = await signIn()
    // Every call says why the page cannot reach the API (e.g. its link was already used).
    if (!credential.ok) return failure({ code: 'connection', message: credential.message })
    let response: Response
    try {
      response = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${credential.session}` },
        body: JSON.stringify(input ?? {}),
      })
    } catch {
      return failure({ code: 'connection', message: 'Roster’s server is not reachable. Is it still running?' })
    }
    if (response.status === 401) {
      // The server gave this session out before it restarted: nothing the page retries can help.
      signedOut(SESSION_ENDED)
      return failure({ code: 'connection', message: SESSION_ENDED })
    }
    try {
      return (await response.json()) as Result<unknown>
    } catch {
      return failure({ code: 'internal', message: `Roster’s server answered ${response.status} ${response.statusText}` })
    }
  })
}

/**
 * The API the renderer talks to: the preload bridge inside Electron, HTTP in a browser.
 * Nothing else in the renderer knows which one it got.
 */
export function createRosterApi(): RosterApi {
  return window.roster ?? httpApi()
}
