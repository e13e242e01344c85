import { useQuery } from '@tanstack/react-query'
import { useApi } from './ApiProvider'
import { unwrap } from './errors'

export const queryKeys = {
  databaseStatus: ['database', 'status'] as const,
  /** Everything listed from one resource; invalidated together after a save. */
  resource: (resource: string) => [resource] as const,
  allRoles: ['roles', 'all'] as const,
}

export function useDatabaseStatus() {
  const api = useApi()
  return useQuery({
    queryKey: queryKeys.databaseStatus,
    queryFn: async () => unwrap(await api['database.status']({})),
    staleTime: 30_000,
  })
}
