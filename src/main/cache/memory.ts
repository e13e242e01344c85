import type { CacheStore, PageFound } from './store'

/**
 * The cache's store when a connection has no Redis. It holds nothing: the in-process layer
 * (local-layer.ts) keeps the pages, as they were read, and drops those a save makes stale, so
 * there is no store to look in, write to or bump (ListCache reads past it). It names the backend
 * in the cache's status.
 */
export class MemoryStore implements CacheStore {
  readonly backend = 'memory' as const
  readonly label = 'In-memory'

  async lookup(): Promise<PageFound> {
    return { stamp: 'm', value: null }
  }

  async set(): Promise<void> {}

  async bump(): Promise<void> {}

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
