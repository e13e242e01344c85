import type { CacheBackend } from '../../shared/schemas/cache'
import type { PageKey } from './keys'

/**
 * How many characters a stored page starts with that stand for its text (codec.ts, `storedPage`):
 * a lookup can then leave the page out of its answer when the caller holds that page already.
 */
export const DIGEST_LENGTH = 32

/** One read of a page: answered in one round trip, whatever the store. */
export interface PageLookup {
  /** The version counters of everything the page shows, in order. */
  versionKeys: readonly string[]
  /** The counters to increment before they are read (changes announced by another Roster): the page is then a miss. */
  bump: ReadonlySet<string>
  page: PageKey
  /**
   * The digest of the page the caller holds for this page key, if any; `'any'`: the caller wants
   * only the digest of what is stored (a reload, which compares it with what it read).
   */
  holding?: string
}

export interface PageFound {
  /** The store's epoch and the counters' values (`epoch.3.0.7`): the page is stored under `entryKey(page, stamp)`. */
  stamp: string
  /**
   * What is stored under that key: null for nothing; its digest alone (DIGEST_LENGTH characters)
   * when it is the page the caller holds, or all the caller asked for; else the whole value.
   */
  value: string | null
}

/**
 * The few commands the cache needs from a backend. Values are strings (the codec owns
 * serialization); counters are integers that only go up.
 */
export interface CacheStore {
  readonly backend: CacheBackend
  /** Where the store is, for people: never a password or token. */
  readonly label: string
  /** The page's stamp and the page stored under it (null for none). */
  lookup(request: PageLookup): Promise<PageFound>
  set(key: string, value: string, ttlSeconds: number): Promise<void>
  /** Increments every counter, in one round trip. */
  bump(keys: string[]): Promise<void>
  /** Resolves when the store answers; used to find out whether it came back. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** A store failure, with a message a person understands ("Redis at host:6379 refused the connection"). */
export class CacheStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'CacheStoreError'
  }
}

/** Bounds every adapter applies, so a slow or dead cache costs a read at most this much. */
export interface StoreTimeouts {
  connectMs: number
  commandMs: number
}

export const DEFAULT_TIMEOUTS: StoreTimeouts = { connectMs: 2_000, commandMs: 1_000 }

/** A backend that could not even be set up (a malformed URL): every command fails, saying why. */
export class UnusableStore implements CacheStore {
  constructor(
    readonly backend: CacheBackend,
    readonly label: string,
    readonly reason: string,
  ) {}

  #fail(): never {
    throw new CacheStoreError(this.reason)
  }

  lookup = async (): Promise<PageFound> => this.#fail()
  set = async (): Promise<void> => this.#fail()
  bump = async (): Promise<void> => this.#fail()
  ping = async (): Promise<void> => this.#fail()
  async close(): Promise<void> {}
}
