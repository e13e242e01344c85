import { z } from 'zod'

/** `none` in a connection's cache setting means the small in-memory cache of the main process. */
export const cacheBackend = z.enum(['memory', 'redis', 'upstash'])
export type CacheBackend = z.infer<typeof cacheBackend>

/**
 * ok: reads are cached. unavailable: the cache cannot be reached, reads go to the database while
 * it is retried with backoff. bypass: a save could not invalidate the cache, so nothing is read
 * from it until that invalidation goes through (a stale page is never served).
 */
export const cacheState = z.enum(['ok', 'unavailable', 'bypass'])
export type CacheState = z.infer<typeof cacheState>

export const cacheStatus = z.object({
  backend: cacheBackend,
  /** Where the cache is, for people: never a password or token. */
  label: z.string(),
  state: cacheState,
  hits: z.number().int(),
  /** Reads served by the database: misses, reloads, and reads while the cache is unavailable. */
  misses: z.number().int(),
  /** hits / (hits + misses); null before the first read. */
  ratio: z.number().nullable(),
  ttlSeconds: z.number().int(),
  /** Why the cache is not in use, as a sentence; null when it is. */
  message: z.string().nullable(),
})
export type CacheStatus = z.infer<typeof cacheStatus>
