import { hashKey, type QueryClient, type QueryFilters, type QueryKey } from '@tanstack/react-query'

/** Queries whose next fetch must read the database, not Roster's cache (by query hash, per client). */
const pendingFresh = new WeakMap<QueryClient, Set<string>>()

/**
 * Refetches the matching queries from the database itself (`fresh: true` on their next request):
 * the header's Reload and an error state's Retry. Queries not on screen read fresh when next shown.
 */
export async function refetchFresh(client: QueryClient, filters: QueryFilters = {}): Promise<void> {
  let pending = pendingFresh.get(client)
  if (!pending) pendingFresh.set(client, (pending = new Set()))
  for (const query of client.getQueryCache().findAll(filters)) pending.add(query.queryHash)
  await client.invalidateQueries(filters)
}

/** True once after refetchFresh named this query: its request should carry `fresh: true`. */
export function takeFresh(client: QueryClient, queryKey: QueryKey): boolean {
  return pendingFresh.get(client)?.delete(hashKey(queryKey)) ?? false
}
