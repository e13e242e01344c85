import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useApi } from '../../api/ApiProvider'
import { unwrap } from '../../api/errors'
import { supersededRetry } from '../../api/superseded'
import type { GridResource, ListParams } from '../types'

export const countKey = (resource: string, params: ListParams) => [resource, 'count', params] as const

/**
 * The exact number of rows of the view, counted in the background while the list's total is the
 * planner's estimate. A newer count of the same resource (another filter, search or sort)
 * cancels this one's query on the server.
 */
export function useExactTotal(resource: GridResource, params: ListParams, needed: boolean) {
  const api = useApi()
  const queryClient = useQueryClient()
  const queryKey = countKey(resource.name, params)
  return useQuery({
    queryKey,
    queryFn: async () => unwrap(await resource.count(api, { ...params, supersede: `${resource.name}-count` })).total,
    enabled: needed,
    staleTime: 30_000,
    ...supersededRetry(queryClient, queryKey),
    meta: { background: 'count' },
  })
}
