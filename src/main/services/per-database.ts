import type { RosterDb } from '../db/client'

/**
 * Values kept per database handle, at most `limit` each (the oldest dropped first). Kept by the
 * handle itself, so a closed database's, or a finished transaction's, go with it.
 */
export class PerDatabase<T> {
  readonly #byDb = new WeakMap<RosterDb, Map<string, T>>()
  constructor(private readonly limit: number) {}

  get(db: RosterDb, key: string): T | undefined {
    return this.#byDb.get(db)?.get(key)
  }

  set(db: RosterDb, key: string, value: T): void {
    let entries = this.#byDb.get(db)
    if (!entries) this.#byDb.set(db, (entries = new Map()))
    if (entries.size >= this.limit && !entries.has(key)) entries.delete(entries.keys().next().value!)
    entries.set(key, value)
  }
}
