import { LRUCache } from 'lru-cache'
import type { RosterDb } from '../db/client'

/**
 * Values kept per database handle, at most `limit` each (the least recently used dropped first),
 * each for `ttlMs` if given. Kept by the handle itself, so a closed database's, or a finished
 * transaction's, go with it.
 */
export class PerDatabase<T extends NonNullable<unknown>> {
  readonly #byDb = new WeakMap<RosterDb, LRUCache<string, T>>()
  constructor(
    private readonly limit: number,
    private readonly ttlMs?: number,
  ) {}

  get(db: RosterDb, key: string): T | undefined {
    return this.#byDb.get(db)?.get(key)
  }

  /** How many values are kept for this database. */
  size(db: RosterDb): number {
    return this.#byDb.get(db)?.size ?? 0
  }

  set(db: RosterDb, key: string, value: T): void {
    let entries = this.#byDb.get(db)
    if (!entries) this.#byDb.set(db, (entries = new LRUCache<string, T>({ max: this.limit, ttl: this.ttlMs })))
    entries.set(key, value)
  }
}

/** Small per-database memories with expiry, for planner estimates and pg_stats histograms. */
export class Remembered<T> {
  // Boxed: a remembered value may be null, which the cache cannot hold.
  readonly #entries: PerDatabase<{ value: T }>
  constructor(ttlMs: number) {
    this.#entries = new PerDatabase(200, ttlMs)
  }

  async get(db: RosterDb, key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(db, key)
    if (hit) return hit.value
    const value = await load()
    this.#entries.set(db, key, { value })
    return value
  }
}
