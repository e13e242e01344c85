import type { CacheState, CacheStatus } from '../../shared/schemas/cache'
import { decodeValue, encodeValue } from './codec'
import { pagesShow } from '../../shared/schemas/resources'
import { entryKey, versionKey, type CachedResource } from './keys'
import { MemoryStore } from './memory'
import { CacheStoreError, type CacheStore } from './store'

export const DEFAULT_TTL_SECONDS = 60

export interface ListCacheOptions {
  ttlSeconds?: number
  /** Backoff between attempts to reach a failed cache: doubling from `initialMs` up to `maxMs`. */
  retry?: { initialMs: number; maxMs: number }
}

const describe = (error: unknown) =>
  error instanceof CacheStoreError ? error.message : `The cache failed: ${error instanceof Error ? error.message : String(error)}`

/**
 * Cache-aside for list pages, in front of any store. Entry keys embed the versions of every
 * resource the list shows; a save bumps its resource's version (one command, seen by every
 * Roster sharing the store), so pages read before it become unreachable and expire by TTL.
 *
 * A failing store never fails a read or a save: reads go to the database and the failure
 * becomes state (`unavailable`), retried with backoff. A save whose bump failed switches to
 * `bypass` — nothing is read from the cache — until that bump has gone through.
 */
export class ListCache {
  readonly ttlSeconds: number
  readonly #retry: { initialMs: number; maxMs: number }
  #store: CacheStore
  #state: CacheState = 'ok'
  #message: string | null = null
  /** Version counters whose bump is owed to the store. */
  readonly #pendingBumps = new Set<string>()
  #retryDelay: number
  #retryTimer: NodeJS.Timeout | null = null
  #hits = 0
  #misses = 0
  /** Pages read from the database whose write to the store is still to come: reads find them here. */
  readonly #writing = new Map<string, unknown>()
  readonly #writes = new Set<Promise<void>>()

  constructor(store: CacheStore = new MemoryStore(), options: ListCacheOptions = {}) {
    this.#store = store
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS
    this.#retry = options.retry ?? { initialMs: 1_000, maxMs: 30_000 }
    this.#retryDelay = this.#retry.initialMs
  }

  /** Switches to another store (another connection's cache setting); counters and state start over. */
  async use(store: CacheStore): Promise<void> {
    const previous = this.#store
    this.#cancelRetry()
    this.#store = store
    this.#state = 'ok'
    this.#message = null
    this.#pendingBumps.clear()
    this.#retryDelay = this.#retry.initialMs
    this.#hits = 0
    this.#misses = 0
    this.#writing.clear()
    if (previous !== store) await previous.close().catch(() => {})
  }

  /**
   * The page for `query`, from the cache when it holds one for the current versions, else from
   * `load`. `fresh` skips the lookup (a reload) but still stores what it read. The page is
   * returned before it is stored: the reply does not wait for encoding or a round trip to Redis.
   */
  async read<T>(namespace: string, resource: CachedResource, query: unknown, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    if (this.#state !== 'ok') return this.#fromDatabase(load)
    let key: string
    try {
      const versions = await this.#store.versions(pagesShow(resource).map((r) => versionKey(namespace, r)))
      key = entryKey(namespace, resource, versions, query)
      if (!options.fresh) {
        const writing = this.#writing.get(key)
        if (writing !== undefined) {
          this.#hits++
          return writing as T
        }
        const text = await this.#store.get(key)
        const cached = text === null ? undefined : decodeValue(text)
        if (cached !== undefined) {
          this.#hits++
          return cached as T
        }
      }
    } catch (error) {
      this.#fail(error)
      return this.#fromDatabase(load)
    }
    const value = await this.#fromDatabase(load)
    if (this.#state === 'ok') this.#storeSoon(key, value)
    return value
  }

  /** After a successful save of `resource`: every page showing it is stale from now on. */
  async invalidate(namespace: string, resource: CachedResource): Promise<void> {
    const key = versionKey(namespace, resource)
    if (this.#state === 'ok') {
      try {
        await this.#store.bump([key])
        return
      } catch (error) {
        this.#message = describe(error)
      }
    }
    this.#pendingBumps.add(key)
    this.#state = 'bypass'
    this.#scheduleRetry()
  }

  status(): CacheStatus {
    const reads = this.#hits + this.#misses
    return {
      backend: this.#store.backend,
      label: this.#store.label,
      state: this.#state,
      hits: this.#hits,
      misses: this.#misses,
      ratio: reads === 0 ? null : this.#hits / reads,
      ttlSeconds: this.ttlSeconds,
      message: this.#message,
    }
  }

  async close(): Promise<void> {
    this.#cancelRetry()
    await this.flushed()
    await this.#store.close()
  }

  /** Stores a page once the current reply has gone; a switch of store cancels it. */
  #storeSoon(key: string, value: unknown) {
    this.#writing.set(key, value)
    const store = this.#store
    const write = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        if (this.#writing.get(key) !== value || store !== this.#store || this.#state !== 'ok') return
        await store.set(key, encodeValue(value), this.ttlSeconds)
      })
      .catch((error: unknown) => {
        if (store === this.#store) this.#fail(error)
      })
      .finally(() => {
        if (this.#writing.get(key) === value) this.#writing.delete(key)
        this.#writes.delete(write)
      })
    this.#writes.add(write)
  }

  /** Resolves once every page read so far has been written to the store (or failed to be). */
  async flushed(): Promise<void> {
    await Promise.all(this.#writes)
  }

  #fromDatabase<T>(load: () => Promise<T>): Promise<T> {
    this.#misses++
    return load()
  }

  #fail(error: unknown) {
    this.#message = describe(error)
    if (this.#state === 'ok') this.#state = 'unavailable'
    this.#scheduleRetry()
  }

  #scheduleRetry() {
    if (this.#retryTimer) return
    const store = this.#store
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null
      void this.#attemptRecovery(store)
    }, this.#retryDelay)
    this.#retryTimer.unref()
    this.#retryDelay = Math.min(this.#retryDelay * 2, this.#retry.maxMs)
  }

  #cancelRetry() {
    if (this.#retryTimer) clearTimeout(this.#retryTimer)
    this.#retryTimer = null
  }

  /** Owed bumps first (they end bypass), else a ping; success puts the cache back in use. */
  async #attemptRecovery(store: CacheStore) {
    const owed = [...this.#pendingBumps]
    try {
      if (owed.length > 0) await store.bump(owed)
      else await store.ping()
    } catch (error) {
      if (store !== this.#store) return
      this.#message = describe(error)
      this.#scheduleRetry()
      return
    }
    if (store !== this.#store) return
    for (const key of owed) this.#pendingBumps.delete(key)
    if (this.#pendingBumps.size > 0) {
      // Saves made while the bump was under way owe theirs too.
      this.#retryDelay = this.#retry.initialMs
      this.#scheduleRetry()
      return
    }
    this.#state = 'ok'
    this.#message = null
    this.#retryDelay = this.#retry.initialMs
  }
}
