import { LRUCache } from 'lru-cache'
import { freezeShared } from './codec'
import type { ResourceName } from '../../shared/schemas/resources'

/**
 * What the change events (src/main/events) tell the cache. `ListCache` implements it; the event
 * wiring calls it and needs nothing else from the cache.
 *
 * The in-process layer holds pages in this process's memory, in front of Redis or Upstash, and
 * answers without any round trip. A page there is current while no save of anything it shows has
 * committed since it was read:
 * - a save made through this instance drops it itself (after its Redis bump, before the reply);
 * - a save made anywhere else reaches it only as a change event: `resourcesChanged`;
 * - a write by another program (psql) reaches it not at all: Reload reads past it, and every page
 *   expires after the cache TTL like its Redis copy.
 * So the layer answers only while the events are known to arrive: `setLocalLayerTrusted`.
 */
export interface LocalLayerControl {
  /**
   * Saves of these resources committed elsewhere: every in-process page that shows one of them is
   * dropped at once, and the next read of such a page increments their Redis version counters in
   * the same round trip as its lookup — so it cannot find a page the saving instance has not yet
   * made stale (its bump follows its commit, and may come after the event). Call it for every
   * event; calling it for this instance's own saves is harmless (costs one extra miss).
   */
  resourcesChanged(names: readonly ResourceName[]): void
  /**
   * Whether change events are arriving (the listener connection is up). While false, the
   * in-process layer is empty and bypassed: reads go to Redis (or Upstash), which decides; with
   * the in-memory cache alone (no Redis), reads go to the database. Every change of it empties the
   * layer, so nothing read before an event could have been missed survives.
   *
   * Until it is first called: false with Redis or Upstash (several instances may share the
   * database, and nothing tells this one about their saves); true with the in-memory cache alone,
   * which is then the in-process layer itself and serves a single instance as it always did.
   */
  setLocalLayerTrusted(trusted: boolean): void
}

export interface LocalLayerOptions {
  ttlSeconds: number
  maxEntries?: number
  /** Most characters of pages kept (a UTF-16 estimate of memory). */
  maxChars?: number
}

interface LocalEntry {
  /** The generations of what the page shows, when it was read. */
  generations: string
  /** The page as read, frozen: every caller is handed the same one, with nothing to decode. */
  page: unknown
  /** About the characters of its JSON. */
  size: number
}

/**
 * Pages, as read and frozen (`freezeShared`), with the generation of every resource they show when
 * they were read. Invalidating a resource increments its generation: pages that show it no longer
 * match and are never served, and a read already under way when it happened is not kept either.
 */
export class LocalLayer {
  readonly #entries: LRUCache<string, LocalEntry>
  /** Changes counted per resource (`name`), and per database and resource (`namespace\0name`). */
  readonly #generations = new Map<string, number>()
  /** Incremented when everything goes: a change of trust, a switch of store. */
  #epoch = 0
  #trusted: boolean | null = null

  constructor({ ttlSeconds, maxEntries = 500, maxChars = 32 * 1024 * 1024 }: LocalLayerOptions) {
    this.#entries = new LRUCache<string, LocalEntry>({
      max: maxEntries,
      maxSize: maxChars,
      sizeCalculation: (entry) => Math.max(1, entry.size),
      ttl: ttlSeconds * 1000,
    })
  }

  /** What the event wiring said last; null before it said anything. */
  get trusted(): boolean | null {
    return this.#trusted
  }

  set trusted(trusted: boolean) {
    this.#trusted = trusted
    this.clear()
  }

  /**
   * The generations of `shows` in the database of `namespace` now: a read takes them before it
   * looks anywhere. Each resource counts its changes in any database (events) and in this one.
   */
  generationOf(namespace: string, shows: readonly ResourceName[]): string {
    const count = (key: string) => this.#generations.get(key) ?? 0
    return [this.#epoch, ...shows.map((name) => `${count(name)}:${count(`${namespace}\u0000${name}`)}`)].join('.')
  }

  /** The page kept under `key` at `generation` (in a box: a page may be any value). */
  get(key: string, generation: string): { page: unknown } | undefined {
    const entry = this.#entries.get(key)
    return entry?.generations === generation ? entry : undefined
  }

  /** Keeps a page read at `generation` (freezing it), unless something it shows changed since. */
  put(key: string, namespace: string, shows: readonly ResourceName[], generation: string, page: unknown): void {
    if (this.generationOf(namespace, shows) === generation) this.#entries.set(key, { generations: generation, page, size: freezeShared(page) })
  }

  /** Changes of `names`: in the database of `namespace`, or (events, which name none) in any. */
  invalidate(names: readonly ResourceName[], namespace?: string): void {
    for (const name of names) {
      const key = namespace === undefined ? name : `${namespace}\u0000${name}`
      this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1)
    }
  }

  clear(): void {
    this.#epoch++
    this.#entries.clear()
  }
}

/**
 * Changes announced by events, owed as bumps of each namespace's version counters: the next
 * lookup of a page that shows a changed resource increments its counter in the same round trip.
 */
export class AnnouncedChanges {
  #sequence = 0
  readonly #announced = new Map<ResourceName, number>()
  /** Version key → the announcement its last bump covered. */
  readonly #bumped = new Map<string, number>()

  announce(names: readonly ResourceName[]): void {
    this.#sequence++
    for (const name of names) this.#announced.set(name, this.#sequence)
  }

  /** The counters a lookup must increment, and `settle` to call once it did. */
  owed(versionKeys: readonly { name: ResourceName; key: string }[]): { keys: Set<string>; settle(): void } {
    const sequence = this.#sequence
    const keys = new Set(versionKeys.filter(({ name, key }) => (this.#announced.get(name) ?? 0) > (this.#bumped.get(key) ?? 0)).map(({ key }) => key))
    return {
      keys,
      settle: () => {
        for (const key of keys) this.#bumped.set(key, Math.max(this.#bumped.get(key) ?? 0, sequence))
      },
    }
  }

  clear(): void {
    this.#announced.clear()
    this.#bumped.clear()
  }
}
