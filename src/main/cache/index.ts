import type { CacheSetting } from '../../shared/schemas/connections'
import type { Database } from '../db/client'
import type { Forward } from './forwarding-connector'
import type { ListCache } from './list-cache'
import { MemoryStore } from './memory'
import { RedisStore } from './redis'
import { DEFAULT_TIMEOUTS, UnusableStore, type CacheStore, type StoreTimeouts } from './store'
import { UpstashStore } from './upstash'

export { ListCache, DEFAULT_TTL_SECONDS, type ListCacheOptions } from './list-cache'
export type { CacheStore } from './store'
export type { CachedResource } from './keys'
export type { LocalLayerControl } from './local-layer'

/**
 * The store a connection's cache setting asks for; `none` is the in-memory cache of this process.
 * A setting that cannot even be set up gives a store that reports why, so opening the
 * connection still succeeds and the status bar says what is wrong. `tunnel`: the open
 * database's SSH tunnel, for a Redis reached through it.
 */
export function createCacheStore(setting: CacheSetting, timeouts: StoreTimeouts = DEFAULT_TIMEOUTS, tunnel: Tunnel | null = null): CacheStore {
  try {
    switch (setting.kind) {
      case 'none':
        return new MemoryStore()
      case 'redis':
        if (!setting.throughSsh) return new RedisStore(setting.url, timeouts)
        if (!tunnel) throw new Error('it goes through the SSH tunnel, and this connection has none')
        return new RedisStore(setting.url, timeouts, (host, port) => tunnel.forward(host, port))
      case 'upstash':
        return new UpstashStore(setting.url, setting.token, timeouts)
    }
  } catch (error) {
    const kind = setting.kind === 'redis' ? 'Redis' : 'Upstash'
    const reason = error instanceof Error ? error.message : String(error)
    return new UnusableStore(setting.kind === 'redis' ? 'redis' : 'upstash', `${kind} (not set up)`, `The ${kind} cache cannot be set up: ${reason}`)
  }
}

/**
 * For `createConnectionHandlers({ onOpened })`: after each switch, the cache follows the opened
 * connection's setting (re-opening one with the same setting keeps the cache as it is).
 */
export function followConnectionCache(cache: ListCache, timeouts: StoreTimeouts = DEFAULT_TIMEOUTS) {
  let current = JSON.stringify({ kind: 'none' } satisfies CacheSetting)
  let currentTunnel: Tunnel | null = null
  return async (_connectionId: string, setting: CacheSetting, database?: Database): Promise<void> => {
    const tunnel = database?.driver.kind === 'postgres' ? database.driver.reach.tunnel : null
    const next = JSON.stringify(setting)
    // Through SSH, the store goes with the tunnel it uses: a database opened again has a new one.
    const throughSsh = setting.kind === 'redis' && setting.throughSsh
    if (next === current && (!throughSsh || tunnel === currentTunnel)) return
    current = next
    currentTunnel = throughSsh ? tunnel : null
    await cache.use(createCacheStore(setting, timeouts, currentTunnel))
  }
}

/** What a Redis through SSH needs of the database's tunnel. */
export interface Tunnel {
  forward: Forward
}
