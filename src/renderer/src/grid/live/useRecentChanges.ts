import { useEffect, useRef, useState } from 'react'
import { useChangeEvents } from '../../api/LiveEvents'

/** How long a row says it was just changed by another session (its hint fades out over this time). */
export const RECENT_CHANGE_MS = 4_000

const none: ReadonlySet<string> = new Set()

/**
 * Ids of `resource`'s rows another window or Roster saved in the last few seconds, for the
 * "updated just now" hint. A row saved again restarts its time.
 */
export function useRecentChanges(resource: string): ReadonlySet<string> {
  const [recent, setRecent] = useState(none)
  const until = useRef(new Map<string, number>())
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>())
  useEffect(() => {
    const pending = timers.current
    return () => pending.forEach(clearTimeout)
  }, [])

  useChangeEvents((event) => {
    if (event.kind !== 'change' || event.byYou || event.resource !== resource || event.rows.length === 0) return
    const expires = Date.now() + RECENT_CHANGE_MS
    for (const { id } of event.rows) until.current.set(id, expires)
    setRecent(new Set(until.current.keys()))
    const timer = setTimeout(() => {
      timers.current.delete(timer)
      const now = Date.now()
      for (const [id, at] of until.current) if (at <= now) until.current.delete(id)
      setRecent(until.current.size === 0 ? none : new Set(until.current.keys()))
    }, RECENT_CHANGE_MS)
    timers.current.add(timer)
  })
  return recent
}
