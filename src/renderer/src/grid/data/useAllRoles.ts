import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useApi } from '../../api/ApiProvider'
import { unwrap } from '../../api/errors'
import { takeFresh } from '../../api/fresh'
import { queryKeys } from '../../api/queries'
import { MAX_PAGE_SIZE } from '../../../../shared/domain/common'

/** Every role, by name: the set is small (a few dozen), and the roles column and filter need all names. */
export function useAllRoles(enabled = true) {
  const api = useApi()
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: queryKeys.allRoles,
    queryFn: async () => {
      const fresh = takeFresh(queryClient, queryKeys.allRoles) || undefined
      const page = unwrap(
        await api['roles.list']({ limit: MAX_PAGE_SIZE, sort: [{ column: 'name', direction: 'asc' }], filters: {}, search: '', fresh }),
      )
      return { list: page.rows, names: new Map(page.rows.map((role) => [role.id, role.name])) }
    },
    staleTime: 60_000,
    enabled,
  })
}
