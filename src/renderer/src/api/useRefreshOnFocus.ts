import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { refetchFresh } from './fresh'
import { isForeground } from './queries'

/**
 * Reads what is on screen again when the window regains focus, from the database rather than
 * Roster's list cache: what another connection wrote meanwhile is shown, and a staged row changed
 * elsewhere is marked as a conflict at once (Grid, staging/conflicts.ts). Staged edits are not
 * query data, so they stay. Background counts of large tables are left to their own schedule.
 *
 * Not TanStack's refetchOnWindowFocus: it reads through the cache (a write made outside Roster
 * would not show) and, in v5, listens to `visibilitychange` only, which switching between
 * windows does not fire.
 */
export function useRefreshOnFocus() {
  const queryClient = useQueryClient()
  useEffect(() => {
    const refresh = (event: FocusEvent) => {
      if (event.target === window) void refetchFresh(queryClient, { type: 'active', predicate: isForeground })
    }
    window.addEventListener('focus', refresh)
    return () => window.removeEventListener('focus', refresh)
  }, [queryClient])
}
