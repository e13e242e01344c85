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

/** The database each read's own transaction reads (runSuperseding's, one per call): memories are the database's. */
const databaseOfTransaction = new WeakMap<RosterDb, RosterDb>()
/** How many saves Roster has committed to each database. */
const writesTo = new WeakMap<RosterDb, number>()

const databaseOf = (db: RosterDb): RosterDb => databaseOfTransaction.get(db) ?? db

/** `tx` is a transaction of `db` for one read: what is remembered for `db` serves it, and what it learns stays with `db`. */
export function sharesMemoriesOf(tx: RosterDb, db: RosterDb): void {
  databaseOfTransaction.set(tx, db)
}

/** A save committed rows to `db`: memories of its rows (`forgottenOnWrite`) no longer serve. */
export function rowsWritten(db: RosterDb): void {
  const database = databaseOf(db)
  writesTo.set(database, (writesTo.get(database) ?? 0) + 1)
}

/**
 * Small per-database memories with expiry, for planner estimates, pg_stats histograms and sampled
 * sort keys. Kept for the database a transaction reads, not the transaction, so calls that each
 * read in a transaction of their own share them.
 */
export class Remembered<T> {
  // Boxed: a remembered value may be null, which the cache cannot hold.
  readonly #entries: PerDatabase<{ value: T }>
  constructor(
    ttlMs: number,
    /** Forgotten after each save Roster commits to the database; what others write waits out the expiry. */
    private readonly forgottenOnWrite = false,
  ) {
    this.#entries = new PerDatabase(200, ttlMs)
  }

  async get(db: RosterDb, key: string, load: () => Promise<T>): Promise<T> {
    const database = databaseOf(db)
    const entryKey = this.#entryKey(database, key)
    const hit = this.#entries.get(database, entryKey)
    if (hit) return hit.value
    const value = await load()
    this.#entries.set(database, entryKey, { value })
    return value
  }

  /** The value remembered under `key`, if any, without loading one. */
  peek(db: RosterDb, key: string): T | undefined {
    const database = databaseOf(db)
    return this.#entries.get(database, this.#entryKey(database, key))?.value
  }

  /** Remembers `value` under `key`, as a load would have. */
  set(db: RosterDb, key: string, value: T): void {
    const database = databaseOf(db)
    this.#entries.set(database, this.#entryKey(database, key), { value })
  }

  /** Keyed by the writes seen when a load began: a load that overlaps a save is kept under the old count, never read again. */
  #entryKey(database: RosterDb, key: string): string {
    return this.forgottenOnWrite ? `${writesTo.get(database) ?? 0}\u0000${key}` : key
  }
}
