import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MemoryStore } from '../../../src/main/cache/memory'
import type { CacheStore } from '../../../src/main/cache/store'
import { deleteKeys, redisClient, testKeyPrefix } from '../../support/redis'
import { backendNames, setUpBackends, type Backends } from './backends'

const prefix = testKeyPrefix()
let backends: Backends

beforeAll(async () => {
  backends = await setUpBackends()
})
afterAll(async () => {
  await backends.close()
  await deleteKeys(prefix)
})

describe.each(backendNames)('%s store', (name) => {
  let store: CacheStore
  const key = (k: string) => `${prefix}:${name}:${k}`
  beforeAll(() => {
    store = backends.open(name)
  })

  it('counts versions from 0 and bumps several in one call', async () => {
    expect(await store.versions([key('v:a'), key('v:b')])).toEqual([0, 0])
    await store.bump([key('v:a'), key('v:b')])
    await store.bump([key('v:a')])
    expect(await store.versions([key('v:a'), key('v:b'), key('v:c')])).toEqual([2, 1, 0])
  })

  it('returns stored text exactly, including text that looks like base64, JSON or a number', async () => {
    const values = ['SGVsbG8=', 'OK', 'PONG', '123', 'null', '{"a":1}', '', '👩‍💻 Zoë Ångström', 'x'.repeat(2_000_000)]
    for (const [i, value] of values.entries()) await store.set(key(`value:${i}`), value, 60)
    for (const [i, value] of values.entries()) expect(await store.get(key(`value:${i}`))).toBe(value)
    expect(await store.get(key('absent'))).toBeNull()
  })

  it('answers a ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined()
  })
})

describe.each(['redis', 'upstash'] as const)('%s store expiry', (name) => {
  it('stores entries with the TTL asked for', async () => {
    const store = backends.open(name)
    const key = `${prefix}:${name}:ttl`
    await store.set(key, 'value', 7)
    const redis = redisClient()
    try {
      const ttl = await redis.ttl(key)
      expect(ttl).toBeGreaterThan(0)
      expect(ttl).toBeLessThanOrEqual(7)
    } finally {
      redis.disconnect()
    }
  })
})

describe('upstash protocol as the client uses it', () => {
  it('auto-pipelines commands issued together into one /pipeline request', async () => {
    const store = backends.open('upstash')
    const before = backends.gateway.paths.length
    await Promise.all([store.get(`${prefix}:p:1`), store.get(`${prefix}:p:2`), store.versions([`${prefix}:p:v`])])
    expect(backends.gateway.paths.slice(before)).toEqual(['/pipeline'])
  })

  it('bumps through /multi-exec', async () => {
    const store = backends.open('upstash')
    const before = backends.gateway.paths.length
    await store.bump([`${prefix}:m:a`, `${prefix}:m:b`])
    expect(backends.gateway.paths.slice(before)).toEqual(['/multi-exec'])
  })

  it('gets every string back in base64 except OK', async () => {
    const redis = redisClient()
    await redis.set(`${prefix}:raw`, 'OK')
    redis.disconnect()
    const post = (path: string, body: unknown) =>
      fetch(`${backends.gateway.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${backends.gateway.token}`, 'upstash-encoding': 'base64' },
        body: JSON.stringify(body),
      }).then((r) => r.json())
    expect(await post('/', ['SET', `${prefix}:raw2`, 'PONG'])).toEqual({ result: 'OK' })
    expect(await post('/', ['GET', `${prefix}:raw2`])).toEqual({ result: Buffer.from('PONG').toString('base64') })
    expect(await post('/pipeline', [['GET', `${prefix}:raw`], ['INCR', `${prefix}:n`], ['GET', `${prefix}:none`]])).toEqual([
      { result: 'OK' },
      { result: 1 },
      { result: null },
    ])
    expect(await post('/', ['INCR', `${prefix}:raw2`])).toEqual({ error: 'ERR value is not an integer or out of range' })
  })
})

describe('memory store bounds', () => {
  it('expires entries after their TTL', async () => {
    let now = 1_000_000
    const store = new MemoryStore({ now: () => now })
    await store.set('k', 'v', 60)
    now += 59_000
    expect(await store.get('k')).toBe('v')
    now += 2_000
    expect(await store.get('k')).toBeNull()
  })

  it('drops the least recently used entries beyond its entry and size limits', async () => {
    const store = new MemoryStore({ maxEntries: 3, maxChars: 1_000 })
    for (const k of ['a', 'b', 'c']) await store.set(k, k, 60)
    await store.get('a')
    await store.set('d', 'd', 60)
    expect(await store.get('b')).toBeNull()
    expect(await store.get('a')).toBe('a')
    await store.set('big', 'x'.repeat(1_000), 60)
    expect(store.size).toBe(1)
    await store.set('too-big', 'x'.repeat(1_001), 60)
    expect(await store.get('too-big')).toBeNull()
  })
})
