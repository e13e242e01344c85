import { useQueryClient } from '@tanstack/react-query'
import { pagesShow, resourceNames, type ResourceName } from '../../../shared/schemas/resources'
import { refetchFresh } from './fresh'
import { useChangeEvents } from './LiveEvents'
import { isForeground, queryKeys } from './queries'

/** The resources whose pages show `changed`: itself, and those naming it (users show agencies' names). */
const showing = (changed: ResourceName): ResourceName[] => resourceNames.filter((name) => pagesShow(name).includes(changed))

const isResourceQuery = (key: readonly unknown[], resources: ReadonlySet<string>) => typeof key[0] === 'string' && resources.has(key[0])

/**
 * Keeps what is on screen current with every committed save: another window's or another
 * Roster's save reads the affected lists and counts again, in place (TanStack Query keeps the rows
 * shown until the new ones arrive, so nothing jumps and staged edits, which are not query data,
 * stay); a staged row changed elsewhere then shows as a conflict (Grid, staging/conflicts.ts).
 * Reads skip Roster's list cache (`fresh`): the saving instance invalidates it only after its
 * commit, which is when this event left. When live updates come back after a loss, everything on
 * screen is read again once, as events may have been missed.
 */
export function useLiveUpdates() {
  const queryClient = useQueryClient()
  useChangeEvents((event) => {
    if (event.kind === 'live') {
      if (event.resync) void refetchFresh(queryClient, { type: 'active', predicate: isForeground })
      return
    }
    // The window that saved reads its own outcome already (useSaveChanges).
    if (event.byYou) return
    // A burst of events needs no gathering: each invalidation cancels the refetch still under way.
    const resources = new Set<string>(showing(event.resource))
    void refetchFresh(queryClient, { predicate: (query) => isResourceQuery(query.queryKey, resources) })
    void queryClient.invalidateQueries({ queryKey: queryKeys.cacheStatus })
  })
}
