import { randomBytes } from 'node:crypto'
import { MemoryStore } from '../../../src/main/cache/memory'
import { RedisStore } from '../../../src/main/cache/redis'
import type { CacheStore } from '../../../src/main/cache/store'
import { UpstashStore } from '../../../src/main/cache/upstash'
import { startUpstashGateway, type UpstashGateway } from '../../fixtures/upstash-gateway'
import { REDIS_URL } from '../../support/redis'

/** These stores are healthy: generous limits keep a busy machine from failing a test as a timeout. */
const healthyTimeouts = { connectMs: 10_000, commandMs: 10_000 }

export type BackendName = 'memory' | 'redis' | 'upstash'
export const backendNames: BackendName[] = ['memory', 'redis', 'upstash']

/** Opens stores of one backend; Redis and Upstash stores opened here share one real Redis. */
export interface Backends {
  gateway: UpstashGateway
  open(name: BackendName): CacheStore
  close(): Promise<void>
}

export async function setUpBackends(): Promise<Backends> {
  const gateway = await startUpstashGateway({ token: randomBytes(16).toString('hex') })
  const opened: CacheStore[] = []
  return {
    gateway,
    open(name) {
      const store =
        name === 'memory'
          ? new MemoryStore()
          : name === 'redis'
            ? new RedisStore(REDIS_URL, healthyTimeouts)
            : new UpstashStore(gateway.url, gateway.token, healthyTimeouts)
      opened.push(store)
      return store
    },
    async close() {
      await Promise.all(opened.map((store) => store.close()))
      await gateway.close()
    },
  }
}
