import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { isCancelled } from './request-error'

/**
 * Retries for reads named with `supersede`. A cancelled read is asked again only while its query
 * is still wanted on screen (so it never takes turns cancelling the newer one); any other
 * failure is retried once, as everywhere else.
 */
export function supersededRetry(client: QueryClient, queryKey: QueryKey) {
  return {
    retry: (failureCount: number, error: unknown) =>
      isCancelled(error)
        ? failureCount < 3 && (client.getQueryCache().find({ queryKey, exact: true })?.isActive() ?? false)
        : failureCount < 1,
    retryDelay: (_failureCount: number, error: unknown) => (isCancelled(error) ? 50 : 1000),
  }
}
