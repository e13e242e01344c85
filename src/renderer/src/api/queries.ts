import { useQuery } from '@tanstack/react-query'
import { useApi } from './ApiProvider'
import { unwrap } from './request-error'
import { schemaRefusal } from '../../../shared/schemas/database'

export const queryKeys = {
  databaseStatus: ['database', 'status'] as const,
  cacheStatus: ['cache', 'status'] as const,
  /** Everything listed from one resource; invalidated together after a save. */
  resource: (resource: string) => [resource] as const,
}

/**
 * Queries marked `background` (cache polling, exact counts) are not "loading" for the Reload button
 * or the status bar's Loading…; the status bar names them itself.
 */
export type BackgroundActivity = 'count' | 'poll'
declare module '@tanstack/react-query' {
  interface Register {
    queryMeta: { background?: BackgroundActivity }
  }
}
export const isForeground = (query: { meta?: { background?: BackgroundActivity } | undefined }) => !query.meta?.background

export function useDatabaseStatus() {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.databaseStatus,
    queryFn: async () => unwrap(await api['database.status']({})),
    staleTime: 30_000,
  })
}

/**
 * Why the open database's rows may be looked at but not changed (the main process refuses every
 * save for the same reason); null when they may be changed.
 */
export function useReadOnlyReason(): string | null {
  const status = useDatabaseStatus()
  return status.data ? (status.data.readOnly ?? schemaRefusal(status.data.schema, 'write')) : null
}

const CACHE_POLL_MS = 10_000
/** Until the first read is counted: the status then says nothing yet, and the first read tells whether the cache answers. */
const CACHE_FIRST_READ_POLL_MS = 1_000

/** The list cache's backend, hit ratio and state; polled, and refreshed after every save (all queries are). */
export function useCacheStatus() {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.cacheStatus,
    queryFn: async () => unwrap(await api['cache.status']({})),
    refetchInterval: (query) => (query.state.data?.ratio === null ? CACHE_FIRST_READ_POLL_MS : CACHE_POLL_MS),
    meta: { background: 'poll' },
  })
}
