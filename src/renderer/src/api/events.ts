import { EventSource } from 'eventsource'
import { rosterEvent, type LiveEvent, type RosterEvents } from '../../../shared/contract'
import { SESSION_ENDED, signedOut, signIn } from './sign-in'

const UNREACHABLE = 'Roster’s server is not reachable; reconnecting…'

/**
 * Browser mode: the tab's events as Server-Sent Events (`GET /events`) on its session credential,
 * one stream per page whatever the number of subscribers. EventSource reconnects by itself after
 * the stream drops; the first state after that carries `resync`, as events may have been missed.
 * The `eventsource` package, as the browser's own EventSource cannot send the credential header.
 */
function streamedEvents(): RosterEvents {
  const listeners = new Set<(event: unknown) => void>()
  let opened = false
  let dropped = false
  /** The last state, for a subscriber that comes after it was sent. */
  let state: LiveEvent | null = null
  const emit = (event: unknown) => {
    for (const listener of listeners) listener(event)
  }
  const setState = (next: LiveEvent) => {
    state = next
    emit(next)
  }

  const open = async () => {
    const credential = await signIn()
    // Subscribers mount once the page is signed in (SignInGate): a refusal here is one that came since.
    if (!credential.ok) return setState({ kind: 'live', state: 'reconnecting', message: credential.message, resync: false })
    const source = new EventSource('/events', {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${credential.session}` } }),
    })
    source.onmessage = (message) => {
      let parsed: ReturnType<typeof rosterEvent.safeParse>
      try {
        parsed = rosterEvent.safeParse(JSON.parse(message.data))
      } catch {
        return
      }
      if (!parsed.success) return
      const event = parsed.data
      if (event.kind === 'change') return emit(event)
      setState(dropped ? { ...event, resync: true } : event)
      dropped = false
    }
    source.onerror = (error) => {
      dropped = true
      // The server refused the credential (a restarted server): the page is signed out.
      if (error.code === 401) signedOut(SESSION_ENDED)
      // Closed for good (refused), or retrying by itself.
      const message =
        source.readyState !== EventSource.CLOSED ? UNREACHABLE : error.code === 401 ? SESSION_ENDED : `Roster’s server refused live updates (HTTP ${error.code ?? '?'}): reload the page`
      setState({ kind: 'live', state: 'reconnecting', message, resync: false })
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener)
      if (state) listener(state)
      if (!opened) {
        opened = true
        void open()
      }
      return () => void listeners.delete(listener)
    },
  }
}

/** The renderer's one event subscription: the preload's inside Electron, the events stream in a browser. */
export function createRosterEvents(): RosterEvents {
  return window.rosterEvents ?? streamedEvents()
}
