import { methodNames, type MethodName, type RosterApi } from '../../../shared/contract'
import type { ApiError, Result } from '../../../shared/result'
import { signIn, type SignIn } from './sign-in'

const failure = (error: ApiError): Result<never> => ({ ok: false, error })

/** Builds the API object from one function that carries a call to the other side. */
function apiFrom(send: (method: MethodName, input: unknown) => Promise<Result<unknown>>): RosterApi {
  const entries = methodNames.map((method) => [method, (input: unknown) => send(method, input)])
  return Object.fromEntries(entries) as RosterApi
}

/** Browser mode: `POST /api/<method>` with the tab's session credential. */
function httpApi(signedIn: Promise<SignIn>): RosterApi {
  return apiFrom(async (method, input) => {
    const credential = await signedIn
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
      return failure({
        code: 'connection',
        message: 'This page is not signed in to Roster’s server. Open the address Roster printed when it started.',
      })
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
  return window.roster ?? httpApi(signIn())
}
