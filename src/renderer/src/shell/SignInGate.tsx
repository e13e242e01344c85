import { useEffect, useState, useSyncExternalStore, type ReactNode } from 'react'
import { retrySignIn, signIn, signInState, subscribeSignIn, type SignIn } from '../api/sign-in'

/**
 * Browser mode: the app once the page is signed in to Roster's server; until then, or once the
 * server refuses the page (a link already used, a restarted server), a screen that says why and
 * what to do, instead of grids that retry calls that cannot succeed. Refused after it was signed in,
 * the app stays behind the notice, so the edits it had staged can still be seen. The desktop app
 * has no sign-in.
 */
export function SignInGate({ children }: { children: ReactNode }) {
  const desktop = window.roster !== undefined
  const state = useSyncExternalStore(subscribeSignIn, signInState)
  useEffect(() => {
    if (!desktop) void signIn()
  }, [desktop])
  if (desktop || state?.ok) return children
  if (!state?.ended) {
    return (
      <main className="sign-in-screen">
        <SignInNotice state={state} />
      </main>
    )
  }
  return (
    <>
      <div className="sign-in-behind" inert>
        {children}
      </div>
      <div className="sign-in-screen sign-in-screen--over">
        <SignInNotice state={state} />
      </div>
    </>
  )
}

function SignInNotice({ state }: { state: Exclude<SignIn, { ok: true }> | null }) {
  const [retrying, setRetrying] = useState(false)
  return (
    <div className="sign-in-card" role={state ? 'alert' : 'status'}>
      <div className="sidebar-brand">
        <span className="brand-mark" aria-hidden="true">
          R
        </span>
        Roster
      </div>
      {state === null ? (
        <p className="sign-in-message">Signing in…</p>
      ) : (
        <>
          <h1 className="sign-in-title">{state.ended ? 'This page was signed out' : 'This page cannot open Roster'}</h1>
          <p className="sign-in-message">{state.message}</p>
          {state.retry && (
            <button
              type="button"
              className="button button--primary"
              disabled={retrying}
              onClick={() => {
                setRetrying(true)
                void retrySignIn().finally(() => setRetrying(false))
              }}
            >
              Try again
            </button>
          )}
        </>
      )}
    </div>
  )
}
