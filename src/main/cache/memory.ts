import { LRUCache } from 'lru-cache'
import { entryKey } from './keys'
import type { CacheStore, PageFound, PageLookup } from './store'

export interface MemoryStoreOptions {
  /** Most entries kept; the least recently used go first. */
  maxEntries?: number
  /** Most characters of values kept (a UTF-16 estimate of memory). */
  maxChars?: number
  now?: () => number
}

/**
 * The cache when a connection has no Redis: one process, bounded by entries and size (the least
 * recently used go first), each entry with its TTL. A value larger than the whole budget is not kept.
 */
export class MemoryStore implements CacheStore {
  readonly backend = 'memory' as const
  readonly label = 'In-memory'
  readonly #entries: LRUCache<string, string>
  readonly #counters = new Map<string, number>()

  constructor(options: MemoryStoreOptions = {}) {
    const now = options.now ?? Date.now
    this.#entries = new LRUCache<string, string>({
      max: options.maxEntries ?? 500,
      maxSize: options.maxChars ?? 32 * 1024 * 1024,
      sizeCalculation: (value) => Math.max(1, value.length),
      perf: { now },
      // Read the clock on every call: the TTL is in seconds, and tests move the clock by hand.
      ttlResolution: 0,
    })
  }

  get size(): number {
    return this.#entries.size
  }

  async lookup({ versionKeys, bump, page }: PageLookup): Promise<PageFound> {
    await this.bump(versionKeys.filter((key) => bump.has(key)))
    // The entries live and die with this process: its epoch never changes.
    const stamp = ['m', ...versionKeys.map((key) => this.#counters.get(key) ?? 0)].join('.')
    return { stamp, value: this.#entries.get(entryKey(page, stamp)) ?? null }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#entries.set(key, value, { ttl: ttlSeconds * 1000 })
  }

  async bump(keys: string[]): Promise<void> {
    for (const key of keys) this.#counters.set(key, (this.#counters.get(key) ?? 0) + 1)
  }

  async ping(): Promise<void> {}

  /** Drops every page. */
  clear(): void {
    this.#entries.clear()
  }

  async close(): Promise<void> {
    this.#entries.clear()
  }
}
