import type { RosterDb } from '../db/client'

/**
 * Values kept per database handle, at most `limit` each (the least recently used dropped first).
 * Kept by the handle itself, so a closed database's, or a finished transaction's, go with it.
 */
export class PerDatabase<T> {
  readonly #byDb = new WeakMap<RosterDb, Map<string, T>>()
  constructor(private readonly limit: number) {}

  get(db: RosterDb, key: string): T | undefined {
    const entries = this.#byDb.get(db)
    if (!entries?.has(key)) return undefined
    // A Map keeps insertion order: moving a used entry to the end keeps the oldest-used first.
    const value = entries.get(key)!
    entries.delete(key)
    entries.set(key, value)
    return value
  }

  /** How many values are kept for this database. */
  size(db: RosterDb): number {
    return this.#byDb.get(db)?.size ?? 0
  }

  set(db: RosterDb, key: string, value: T): void {
    let entries = this.#byDb.get(db)
    if (!entries) this.#byDb.set(db, (entries = new Map()))
    if (entries.size >= this.limit && !entries.has(key)) entries.delete(entries.keys().next().value!)
    entries.set(key, value)
  }
}
