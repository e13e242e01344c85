import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useApi } from '../../api/ApiProvider'
import { unwrap } from '../../api/request-error'
import { supersededRetry } from '../../api/superseded'
import type { GridResource } from '../resource'
import type { ListParams, ResourceTypes } from '../resourceTypes'

export const countKey = <T extends ResourceTypes>(resource: string, params: ListParams<T>) => [resource, 'count', params] as const

/**
 * The exact number of rows of the view, counted in the background while the list's total is the
 * planner's estimate. A newer count of the same resource (another filter, search or sort)
 * cancels this one's query on the server.
 */
export function useExactTotal<T extends ResourceTypes, Lookup>(resource: GridResource<T, Lookup>, params: ListParams<T>, needed: boolean) {
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
