import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dispatcher } from '../../../src/main/api'
import { ListCache } from '../../../src/main/cache/list-cache'
import { RedisStore } from '../../../src/main/cache/redis'
import { call, openApi } from '../../support/api'
import { startRedisServer } from '../../support/redis'

type RedisServer = Awaited<ReturnType<typeof startRedisServer>>

let redis: RedisServer
let cache: ListCache
let api: Dispatcher
let close: () => Promise<void>

beforeAll(async () => {
  redis = await startRedisServer()
  cache = new ListCache(new RedisStore(redis.url, { connectMs: 300, commandMs: 300 }), { retry: { initialMs: 50, maxMs: 200 } })
  ;({ api, close } = await openApi('postgres', { cache, cacheKeyPrefix: 'roster-fault' }))
})
afterAll(async () => {
  await cache?.close()
  await close?.()
  await redis?.kill()
})

const status = () => call(api, 'cache.status', {})
const names = async () => (await call(api, 'users.list', { limit: 50 })).rows.map((r) => r.name).sort()

async function eventually(check: () => Promise<boolean>, ms = 15_000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe('fault suite: the Redis cache killed and restarted mid-session', () => {
  it('keeps answering reads and saves while Redis is down, never serves a page a save made stale, and caches again once it is back', async () => {
    const saved = await call(api, 'users.save', {
      inserts: [
        { clientId: 'a', name: 'Ann Lee', email: 'ann@example.com' },
        { clientId: 'b', name: 'Bob Ray', email: 'bob@example.com' },
      ],
    })
    const [ann, bob] = saved.inserted.map((r) => r.id)
    expect(await names()).toEqual(['Ann Lee', 'Bob Ray'])
    const warm = await status()
    expect(await names()).toEqual(['Ann Lee', 'Bob Ray'])
    expect((await status()).hits).toBe(warm.hits + 1)

    // Killed while reads are in flight: every one of them is still answered, from the database.
    const inFlight = Array.from({ length: 6 }, () => api.call('users.list', { limit: 50 }))
    await redis.kill()
    for (const reply of await Promise.all(inFlight)) expect(reply.ok, JSON.stringify(reply)).toBe(true)

    const rows = (await call(api, 'users.list', { limit: 50 })).rows
    const annRow = rows.find((r) => r.id === ann)!
    await call(api, 'users.save', { updates: [{ id: ann!, updatedAt: annRow.updatedAt, changes: { name: 'Ann Smith' } }], deletes: [{ id: bob! }] })
    expect(await names()).toEqual(['Ann Smith'])
    const down = await status()
    expect(down.state).not.toBe('ok')
    expect(down.message).toMatch(new RegExp(`127\\.0\\.0\\.1:${redis.port}`))
    const inserted = await call(api, 'users.save', { inserts: [{ clientId: 'c', name: 'Cy Young', email: 'cy@example.com' }] })
    expect(inserted.inserted).toHaveLength(1)
    expect(await names()).toEqual(['Ann Smith', 'Cy Young'])

    await redis.start()
    await eventually(async () => (await status()).state === 'ok')
    expect((await status()).message).toBeNull()
    expect(await names()).toEqual(['Ann Smith', 'Cy Young'])
    const back = await status()
    expect(await names()).toEqual(['Ann Smith', 'Cy Young'])
    expect((await status()).hits).toBe(back.hits + 1)

    // A save now invalidates through the restarted Redis: the cached page is not served again.
    const cy = (await call(api, 'users.list', { limit: 50 })).rows.find((r) => r.name === 'Cy Young')!
    await call(api, 'users.save', { updates: [{ id: cy.id, updatedAt: cy.updatedAt, changes: { name: 'Cy Old' } }] })
    expect(await names()).toEqual(['Ann Smith', 'Cy Old'])
  })
})
