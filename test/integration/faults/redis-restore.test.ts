import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EPOCH_KEY } from '../../../src/main/cache/keys'
import { ListCache } from '../../../src/main/cache/list-cache'
import { RedisStore } from '../../../src/main/cache/redis'
import { UpstashStore } from '../../../src/main/cache/upstash'
import { startUpstashGateway, type UpstashGateway } from '../../fixtures/upstash-gateway'
import { call, openApi } from '../../support/api'
import { engines } from '../../support/databases'
import { startRedisServer } from '../../support/redis'

let dataDir: string
let redis: Awaited<ReturnType<typeof startRedisServer>>
let gateway: UpstashGateway
const timeouts = { connectMs: 2_000, commandMs: 2_000 }

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'roster-redis-restore-'))
  redis = await startRedisServer({ dataDir })
  gateway = await startUpstashGateway({ token: randomBytes(16).toString('hex'), redisUrl: redis.url })
})
afterAll(async () => {
  await gateway?.close()
  await redis?.kill()
  rmSync(dataDir, { recursive: true, force: true })
})

async function eventually(check: () => Promise<boolean>, ms = 20_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe.each(engines.flatMap((engine) => (['redis', 'upstash'] as const).map((backend) => [engine, backend] as const)))(
  'fault suite: %s with a %s cache restarted from an older snapshot',
  (engine, backend) => {
    it('serves no page cached before the restart, though the snapshot brought it back with its old counters', async () => {
      const prefix = `roster-restore-${randomBytes(3).toString('hex')}`
      const store = backend === 'redis' ? new RedisStore(redis.url, timeouts) : new UpstashStore(gateway.url, gateway.token, timeouts)
      const cache = new ListCache(store, { retry: { initialMs: 50, maxMs: 200 } })
      const { api, close } = await openApi(engine, { cache, cacheKeyPrefix: prefix })
      const raw = new Redis(redis.url, { maxRetriesPerRequest: null })
      raw.on('error', () => {})
      try {
        const names = async () => (await call(api, 'users.list', { limit: 50 })).rows.map((r) => r.name)
        const { inserted } = await call(api, 'users.save', { inserts: [{ clientId: 'a', name: 'Ann Lee', email: `ann-${prefix}@example.com` }] })
        expect(await names()).toEqual(['Ann Lee'])
        await cache.flushed()
        const hits = cache.status().hits
        expect(await names()).toEqual(['Ann Lee'])
        expect(cache.status().hits).toBe(hits + 1)

        // The snapshot: Ann Lee's page, with the counters it was stored under.
        const epochBefore = await raw.get(EPOCH_KEY)
        await raw.save()

        const [ann] = (await call(api, 'users.list', { limit: 50 })).rows
        await call(api, 'users.save', { updates: [{ id: inserted[0]!.id, updatedAt: ann!.updatedAt, changes: { name: 'Ann Smith' } }] })
        expect(await names()).toEqual(['Ann Smith'])
        await cache.flushed()

        await redis.kill()
        await redis.start()
        // Back in time: the old epoch, the old counters, and under them Ann Lee's page.
        expect(await raw.get(EPOCH_KEY)).toBe(epochBefore)
        const stale = await raw.keys(`${prefix}:*:list:users:${epochBefore}.*`)
        expect(stale.length).toBeGreaterThan(0)
        const values = await Promise.all(stale.map((key) => raw.get(key)))
        expect(values.some((value) => value?.includes('Ann Lee'))).toBe(true)

        // Every read, while the store comes back and after, is the database's.
        await eventually(async () => {
          expect(await names()).toEqual(['Ann Smith'])
          return cache.status().state === 'ok'
        })
        expect(await names()).toEqual(['Ann Smith'])
        expect(await raw.get(EPOCH_KEY)).not.toBe(epochBefore)
        await cache.flushed()
        const back = cache.status().hits
        expect(await names()).toEqual(['Ann Smith'])
        expect(cache.status().hits).toBe(back + 1)
      } finally {
        raw.disconnect()
        await cache.close()
        await close()
      }
    }, 120_000)
  },
)
