import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useApi } from '../../api/ApiProvider'
import { unwrap } from '../../api/request-error'
import { takeFresh } from '../../api/fresh'
import { queryKeys } from '../../api/queries'
import { MAX_PAGE_SIZE } from '../../../../shared/schemas/common'

/** Under the roles' own key, so a save of roles (which refreshes them all) refreshes this too. */
const allRolesKey = [...queryKeys.resource('roles'), 'all'] as const

/** Every role, by name: the set is small (a few dozen), and the roles column and filter need all names. */
export function useAllRoles() {
  const api = useApi()
  const queryClient = useQueryClient()
  return useQuery({
    queryKey: allRolesKey,
    queryFn: async () => {
      const fresh = takeFresh(queryClient, allRolesKey) || undefined
      const page = unwrap(
        await api['roles.list']({ limit: MAX_PAGE_SIZE, sort: [{ column: 'name', direction: 'asc' }], filters: {}, search: '', fresh }),
      )
      return { list: page.rows, names: new Map(page.rows.map((role) => [role.id, role.name])) }
    },
    staleTime: 60_000,
  })
}
