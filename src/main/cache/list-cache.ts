import type { CacheState, CacheStatus } from '../../shared/schemas/cache'
import { LRUCache } from 'lru-cache'
import { decodeValue, encodeValue, freezeShared, storedPage } from './codec'
import { pagesShow, type ResourceName } from '../../shared/schemas/resources'
import { entryKey, pageKeyOf, versionKey, type CachedResource, type PageKey } from './keys'
import { AnnouncedChanges, LocalLayer, type LocalLayerControl } from './local-layer'
import { MemoryStore } from './memory'
import { CacheStoreError, DIGEST_LENGTH, type CacheStore } from './store'

export const DEFAULT_TTL_SECONDS = 60

/** A page decoded from the store, by its digest; `size` about its JSON's. */
interface HeldPage {
  digest: string
  page: unknown
  size: number
}

/** A page key without its stamp: the same list view, whatever the versions. */
const pageIdOf = (page: PageKey) => page.prefix + page.suffix

export interface ListCacheOptions {
  ttlSeconds?: number
  /** Backoff between attempts to reach a failed cache: doubling from `initialMs` up to `maxMs`. */
  retry?: { initialMs: number; maxMs: number }
}

const describe = (error: unknown) =>
  error instanceof CacheStoreError ? error.message : `The cache failed: ${error instanceof Error ? error.message : String(error)}`

/** Where a page read from the database is kept: in process at once, in the store once the reply has gone. */
interface Keep {
  /** Its key in the store; null when the store is not to be written. */
  key: string | null
  /** The digest of what the store held under `key` when the read looked (a reload finds the page it replaces). */
  stored: string | null
  /** Its key in the in-process layer; null when that layer is not in use. */
  localKey: string | null
  shows: readonly ResourceName[]
  /** The in-process generation when the read began: a change since means it is not kept in process. */
  generation: string
}

/**
 * Cache-aside for list pages, in two layers. Entry keys embed the store's epoch and the versions
 * of every resource the list shows; a save bumps its resource's version (one command, seen by every
 * Roster sharing the store), so pages read before it become unreachable and expire by TTL. A
 * lookup is one round trip (page-script.ts). In front of Redis or Upstash, an in-process layer
 * answers with none while the change events say it is current (local-layer.ts); with the
 * in-memory store alone, that layer is the cache. It keeps pages as they were read, frozen, and
 * hands every caller the same one: nothing is encoded to keep a page there, nor decoded to serve it.
 *
 * A failing store never fails a read or a save: reads go to the database and the failure
 * becomes state (`unavailable`), retried with backoff. A save whose bump failed switches to
 * `bypass` — nothing is read from the cache — until that bump has gone through.
 */
export class ListCache implements LocalLayerControl {
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
  readonly #local: LocalLayer
  readonly #announced = new AnnouncedChanges()
  /**
   * The page last decoded from the store under each page key, with its digest: a lookup then asks
   * for the page only if the store holds another one, and a hit on this one is neither sent nor parsed again.
   */
  readonly #held = new LRUCache<string, HeldPage>({
    max: 200,
    maxSize: 16 * 1024 * 1024,
    sizeCalculation: (entry) => Math.max(1, entry.size),
  })

  constructor(store: CacheStore = new MemoryStore(), options: ListCacheOptions = {}) {
    this.#store = store
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS
    this.#local = new LocalLayer({ ttlSeconds: this.ttlSeconds })
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
    this.#held.clear()
    this.#local.clear()
    this.#announced.clear()
    if (previous !== store) await previous.close().catch(() => {})
  }

  /** The in-process layer is in use: the event wiring says so, or (not told yet) the store is this process's memory. */
  get #localTrusted(): boolean {
    return this.#local.trusted ?? this.#store instanceof MemoryStore
  }

  /**
   * The page for `query`, from the cache when it holds one for the current versions, else from
   * `load`. `fresh` skips the lookup (a reload) but still stores what it read. The page is
   * returned before it is stored: the reply does not wait for encoding or a round trip to Redis.
   */
  async read<T>(namespace: string, resource: CachedResource, query: unknown, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    const memoryOnly = this.#store instanceof MemoryStore
    const trusted = this.#localTrusted
    // The in-memory store alone is the in-process layer: without the events, it is not used at all.
    if (memoryOnly && !trusted) return this.#fromDatabase(load)
    const shows = pagesShow(resource)
    const page = pageKeyOf(namespace, resource, query)
    const keep: Keep = { key: null, stored: null, localKey: trusted ? entryKey(page, 'local') : null, shows, generation: this.#local.generationOf(namespace, shows) }
    if (keep.localKey && !options.fresh) {
      const kept = this.#local.get(keep.localKey, keep.generation)
      if (kept) {
        this.#hits++
        return kept.page as T
      }
    }
    // The in-memory store alone keeps no pages of its own: the in-process layer is the cache.
    if (this.#state === 'ok' && !memoryOnly) {
      try {
        const versionKeys = shows.map((name) => ({ name, key: versionKey(namespace, name) }))
        const owed = this.#announced.owed(versionKeys)
        const held = options.fresh ? undefined : this.#held.get(pageIdOf(page))
        const holding = options.fresh ? 'any' : (held?.digest ?? '')
        const found = await this.#store.lookup({ versionKeys: versionKeys.map(({ key }) => key), bump: owed.keys, page, holding })
        owed.settle()
        keep.key = entryKey(page, found.stamp)
        keep.stored = found.value?.slice(0, DIGEST_LENGTH) ?? null
        if (!options.fresh) {
          const writing = this.#writing.get(keep.key)
          if (writing !== undefined) {
            this.#hits++
            return writing as T
          }
          const cached = this.#pageFrom(found.value, page, held)
          if (cached !== undefined) {
            this.#hits++
            if (keep.localKey) this.#local.put(keep.localKey, namespace, shows, keep.generation, cached)
            return cached as T
          }
        }
      } catch (error) {
        this.#fail(error)
        keep.key = null
      }
    }
    const value = await this.#fromDatabase(load)
    // Kept in process as it is, at once (frozen: a read that follows is handed the same page).
    if (keep.localKey) this.#local.put(keep.localKey, namespace, shows, keep.generation, value)
    if (keep.key && this.#state === 'ok') this.#storeSoon(keep.key, keep.stored, value)
    return value
  }

  resourcesChanged(names: readonly ResourceName[]): void {
    this.#local.invalidate(names)
    this.#announced.announce(names)
  }

  setLocalLayerTrusted(trusted: boolean): void {
    this.#local.trusted = trusted
  }

  /** After a successful save of `resource`: every page showing it is stale from now on. */
  async invalidate(namespace: string, resource: CachedResource): Promise<void> {
    const key = versionKey(namespace, resource)
    try {
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
    } finally {
      // After the bump: a read starting now cannot find the old page in Redis and keep it here.
      this.#local.invalidate([resource], namespace)
    }
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

  /** Stores a page under `key` once the current reply has gone, unless `stored` is that page; a switch of store cancels it. */
  #storeSoon(key: string, stored: string | null, value: unknown) {
    this.#writing.set(key, value)
    const store = this.#store
    const write = new Promise<void>((resolve) => setImmediate(resolve))
      .then(async () => {
        if (store !== this.#store || this.#writing.get(key) !== value || this.#state !== 'ok') return
        const { digest, stored: entry } = storedPage(encodeValue(value))
        // A reload that read what the store already holds under these versions writes nothing (the
        // page keeps the expiry of its first write): no page sent again for nothing, to Upstash least of all.
        if (digest === stored) return
        await store.set(key, entry, this.ttlSeconds)
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

  /**
   * The page a lookup found: the one held when the store answered with its digest; else the one
   * the store sent whole (digest, then text), decoded and held from now on: frozen, as the
   * in-process layer's are, since every later hit on it is handed the same one. Undefined for none.
   */
  #pageFrom(value: string | null, page: PageKey, held: HeldPage | undefined): unknown {
    if (value === null) return undefined
    if (value === held?.digest) return held.page
    const decoded = decodeValue(value.slice(DIGEST_LENGTH))
    if (decoded === undefined) return undefined
    const size = freezeShared(decoded)
    this.#held.set(pageIdOf(page), { digest: value.slice(0, DIGEST_LENGTH), page: decoded, size })
    return decoded
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
