import { useQuery } from '@tanstack/react-query'
import { useApi } from '../../api/ApiProvider'
import { unwrap } from '../../api/request-error'
import { queryKeys } from '../../api/queries'
import { MAX_PAGE_SIZE } from '../../../../shared/schemas/common'

/** Under the roles' own key, so a save of roles (which refreshes them all) refreshes this too. */
const allRolesKey = [...queryKeys.resource('roles'), 'all'] as const

/**
 * Every role's name, by name: the set is small (a few dozen), and the roles column and filter need
 * all of them. Names only: the users grid shows no holder counts, so it does not ask for them.
 */
export function useAllRoles() {
  const api = useApi()
  return useQuery({
    queryKey: allRolesKey,
    queryFn: async () => {
      const { rows } = unwrap(await api['roles.choices']({ limit: MAX_PAGE_SIZE }))
      return { list: rows, names: new Map(rows.map((role) => [role.id, role.name])) }
    },
    staleTime: 60_000,
  })
}
