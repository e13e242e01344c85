import type { CacheBackend } from '../../shared/schemas/cache'

/**
 * The few commands the cache needs from a backend. Values are strings (the codec owns
 * serialization); counters are integers that only go up.
 */
export interface CacheStore {
  readonly backend: CacheBackend
  /** Where the store is, for people: never a password or token. */
  readonly label: string
  /** The counters' current values; 0 for one never bumped. */
  versions(keys: string[]): Promise<number[]>
  get(key: string): Promise<string | null>
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

export const toVersion = (raw: unknown): number => {
  const n = Number(raw ?? 0)
  return Number.isSafeInteger(n) ? n : 0
}

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

  versions = async (): Promise<number[]> => this.#fail()
  get = async (): Promise<string | null> => this.#fail()
  set = async (): Promise<void> => this.#fail()
  bump = async (): Promise<void> => this.#fail()
  ping = async (): Promise<void> => this.#fail()
  async close(): Promise<void> {}
}
