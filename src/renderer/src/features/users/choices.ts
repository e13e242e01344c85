import { keepPreviousData, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useMemo, useSyncExternalStore } from 'react'
import { useApi } from '../../api/ApiProvider'
import { queryKeys } from '../../api/queries'
import { messageOf, unwrap } from '../../api/request-error'
import type { ChoiceSource } from '../../grid/filters/choices'
import { useAllRoles } from './useAllRoles'

const noNames: ReadonlyMap<string, string> = new Map()

/** Roles are few: every one is at hand, searched here. */
export const roleChoices: ChoiceSource = {
  plural: 'roles',
  useSearch: (search) => {
    const roles = useAllRoles()
    const typed = search.toLowerCase()
    const choices = (roles.data?.list ?? []).filter((role) => role.name.toLowerCase().includes(typed))
    return { choices, total: choices.length, pending: roles.isPending, error: roles.isError ? messageOf(roles.error) : null }
  },
  useNames: () => useAllRoles().data?.names ?? noNames,
}

const CHOICES_SHOWN = 50

const rowsOf = (data: unknown): readonly Record<string, unknown>[] =>
  typeof data === 'object' && data !== null && Array.isArray((data as { rows?: unknown }).rows) ? (data as { rows: Record<string, unknown>[] }).rows : []

/** `id=name` pairs of the wanted agencies found in what was read already: agencies' pages and searches, users' rows. */
function seenAgencyNames(client: QueryClient, wanted: ReadonlySet<string>): string {
  const names = new Map<string, string>()
  const take = (id: unknown, name: unknown) => typeof id === 'string' && typeof name === 'string' && wanted.has(id) && names.set(id, name)
  for (const [, data] of client.getQueriesData({ queryKey: queryKeys.resource('agencies') })) for (const row of rowsOf(data)) take(row.id, row.name)
  for (const [, data] of client.getQueriesData({ queryKey: queryKeys.resource('users') })) for (const row of rowsOf(data)) take(row.agencyId, row.agencyName)
  return JSON.stringify([...names])
}

/** The names of chosen agencies, as read already: the agencies screen, the filter's search, the users' rows (each carrying its agency's name). */
function useSeenAgencyNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const client = useQueryClient()
  const wanted = useMemo(() => new Set(ids), [ids])
  const subscribe = useCallback((changed: () => void) => client.getQueryCache().subscribe(changed), [client])
  const found = useSyncExternalStore(
    subscribe,
    () => (wanted.size === 0 ? '[]' : seenAgencyNames(client, wanted)),
  )
  return useMemo(() => (found === '[]' ? noNames : new Map<string, string>(JSON.parse(found) as [string, string][])), [found])
}

/** The names of chosen agencies: those read already at once, the others asked for by id (deleted ones too). */
function useAgencyNames(ids: readonly string[]): ReadonlyMap<string, string> {
  const api = useApi()
  const seen = useSeenAgencyNames(ids)
  const missing = useMemo(() => [...new Set(ids.filter((id) => !seen.has(id)))].sort(), [ids, seen])
  const asked = useQuery({
    queryKey: [...queryKeys.resource('agencies'), 'names', missing],
    queryFn: async () => unwrap(await api['agencies.choices']({ ids: missing, limit: missing.length })),
    enabled: missing.length > 0,
    staleTime: 60_000,
  })
  return useMemo(() => {
    const rows = asked.data?.rows ?? []
    return rows.length === 0 ? seen : new Map([...seen, ...rows.map((row): [string, string] => [row.id, row.name])])
  }, [seen, asked.data])
}

/** Agencies may be many: the server searches them. */
export const agencyChoices: ChoiceSource = {
  plural: 'agencies',
  useSearch: (search) => {
    const api = useApi()
    const found = useQuery({
      queryKey: [...queryKeys.resource('agencies'), 'filter-choices', search],
      queryFn: async () => unwrap(await api['agencies.choices']({ search, limit: CHOICES_SHOWN })),
      placeholderData: keepPreviousData,
      staleTime: 10_000,
    })
    const choices = found.data?.rows ?? []
    return { choices, total: found.data?.total ?? 0, pending: found.isPending, error: found.isError ? messageOf(found.error) : null }
  },
  useNames: (ids) => useAgencyNames(ids),
}
