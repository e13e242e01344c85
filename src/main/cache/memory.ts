import type { CacheStore } from './store'

interface Entry {
  value: string
  expiresAt: number
}

export interface MemoryStoreOptions {
  /** Most entries kept; the least recently used go first. */
  maxEntries?: number
  /** Most characters of values kept (a UTF-16 estimate of memory). */
  maxChars?: number
  now?: () => number
}

/**
 * The cache when a connection has no Redis: one process, bounded by entries and size, with TTL.
 * A Map keeps insertion order, so re-inserting on read makes its first key the least recently used.
 */
export class MemoryStore implements CacheStore {
  readonly backend = 'memory' as const
  readonly label = 'In-memory'
  readonly #entries = new Map<string, Entry>()
  readonly #counters = new Map<string, number>()
  readonly #maxEntries: number
  readonly #maxChars: number
  readonly #now: () => number
  #chars = 0

  constructor(options: MemoryStoreOptions = {}) {
    this.#maxEntries = options.maxEntries ?? 500
    this.#maxChars = options.maxChars ?? 32 * 1024 * 1024
    this.#now = options.now ?? Date.now
  }

  get size(): number {
    return this.#entries.size
  }

  async versions(keys: string[]): Promise<number[]> {
    return keys.map((key) => this.#counters.get(key) ?? 0)
  }

  async get(key: string): Promise<string | null> {
    const entry = this.#entries.get(key)
    if (!entry) return null
    this.#entries.delete(key)
    if (entry.expiresAt <= this.#now()) {
      this.#chars -= entry.value.length
      return null
    }
    this.#entries.set(key, entry)
    return entry.value
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.#remove(key)
    if (value.length > this.#maxChars) return
    this.#entries.set(key, { value, expiresAt: this.#now() + ttlSeconds * 1000 })
    this.#chars += value.length
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.#maxEntries && this.#chars <= this.#maxChars) break
      this.#remove(oldest)
    }
  }

  async bump(keys: string[]): Promise<void> {
    for (const key of keys) this.#counters.set(key, (this.#counters.get(key) ?? 0) + 1)
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#entries.clear()
    this.#chars = 0
  }

  #remove(key: string) {
    const entry = this.#entries.get(key)
    if (!entry) return
    this.#entries.delete(key)
    this.#chars -= entry.value.length
  }
}
