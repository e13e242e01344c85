import { createContext, use, useEffect, useRef, useState, type ReactNode } from 'react'
import { rosterEvent, type LiveEvent, type RosterEvent, type RosterEvents } from '../../../shared/contract'

interface LiveEvents {
  /** Each event as parsed by the contract's schema; returns the way to stop. */
  subscribe(listener: (event: RosterEvent) => void): () => void
  /** Whether change events are arriving, and why not. */
  state: LiveEvent
}

const LiveEventsContext = createContext<LiveEvents | null>(null)

const initial: LiveEvent = { kind: 'live', state: 'idle', message: null, resync: false }

/** One subscription to the transport for the whole page; components subscribe here. */
export function LiveEventsProvider({ events, children }: { events: RosterEvents; children: ReactNode }) {
  const [state, setState] = useState<LiveEvent>(initial)
  const [listeners] = useState(() => new Set<(event: RosterEvent) => void>())
  useEffect(
    () =>
      events.subscribe((raw) => {
        // Parsed at the boundary: whatever the transport carried, the components get the contract's type.
        const parsed = rosterEvent.safeParse(raw)
        if (!parsed.success) return
        const event = parsed.data
        if (event.kind === 'live') setState(event)
        for (const listener of listeners) listener(event)
      }),
    [events, listeners],
  )
  const [subscribe] = useState(() => (listener: (event: RosterEvent) => void) => {
    listeners.add(listener)
    return () => void listeners.delete(listener)
  })
  return <LiveEventsContext value={{ subscribe, state }}>{children}</LiveEventsContext>
}

function useLiveEvents(): LiveEvents {
  const live = use(LiveEventsContext)
  if (!live) throw new Error('Live events are read inside <LiveEventsProvider>')
  return live
}

/** Calls `listener` with each event the main process pushes (IPC, or the events stream in browser mode). */
export function useChangeEvents(listener: (event: RosterEvent) => void): void {
  const { subscribe } = useLiveEvents()
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => subscribe((event) => latest.current(event)), [subscribe])
}

/** Whether live updates are on, and why not: for the status bar. */
export const useLiveState = (): LiveEvent => useLiveEvents().state
