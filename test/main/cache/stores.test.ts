import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entryKey } from '../../../src/main/cache/keys'
import type { CacheStore, PageLookup } from '../../../src/main/cache/store'
import { deleteKeys, redisClient, testKeyPrefix } from '../../support/redis'
import { setUpBackends, type Backends } from './backends'

const prefix = testKeyPrefix()
let backends: Backends

beforeAll(async () => {
  backends = await setUpBackends()
})
afterAll(async () => {
  await backends.close()
  await deleteKeys(prefix)
})

/** A lookup of the page `name` that depends on `versionKeys`, none bumped. */
const lookupOf = (name: string, versionKeys: string[] = [], bump: string[] = []): PageLookup => ({
  versionKeys,
  bump: new Set(bump),
  page: { prefix: `${name}:`, suffix: ':q' },
})
/** The counters' part of a stamp (the epoch, first, is the store's own). */
const versionsIn = (stamp: string) => stamp.split('.').slice(1).map(Number)

// The in-memory store holds nothing (the in-process layer keeps its pages): Redis and Upstash hold them.
describe.each(['redis', 'upstash'] as const)('%s store', (name) => {
  let store: CacheStore
  const key = (k: string) => `${prefix}:${name}:${k}`
  beforeAll(() => {
    store = backends.open(name)
  })

  it('counts versions from 0, bumps several in one call, and stamps pages with them', async () => {
    const page = lookupOf(key('page'), [key('v:a'), key('v:b')])
    expect(versionsIn((await store.lookup(page)).stamp)).toEqual([0, 0])
    await store.bump([key('v:a'), key('v:b')])
    await store.bump([key('v:a')])
    const { stamp } = await store.lookup(lookupOf(key('page'), [key('v:a'), key('v:b'), key('v:c')]))
    expect(versionsIn(stamp)).toEqual([2, 1, 0])
    expect(stamp.split('.')[0]).toMatch(/\w/)
  })

  it('increments the counters a lookup names to bump, in the same call, and finds nothing under the new stamp', async () => {
    const lookup = lookupOf(key('bumped'), [key('v:x'), key('v:y')])
    const before = await store.lookup(lookup)
    await store.set(entryKey(lookup.page, before.stamp), 'page', 60)
    expect((await store.lookup(lookup)).value).toBe('page')
    const after = await store.lookup({ ...lookup, bump: new Set([key('v:y')]) })
    expect(versionsIn(after.stamp)).toEqual([0, 1])
    expect(after.value).toBeNull()
  })

  it('returns stored text exactly, including text that looks like base64, JSON or a number', async () => {
    const values = ['SGVsbG8=', 'OK', 'PONG', '123', 'null', '{"a":1}', '', '👩‍💻 Zoë Ångström', 'x'.repeat(2_000_000)]
    for (const [i, value] of values.entries()) {
      const lookup = lookupOf(key(`value:${i}`))
      await store.set(entryKey(lookup.page, (await store.lookup(lookup)).stamp), value, 60)
    }
    for (const [i, value] of values.entries()) expect((await store.lookup(lookupOf(key(`value:${i}`)))).value).toBe(value)
    expect((await store.lookup(lookupOf(key('absent')))).value).toBeNull()
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
    await store.ping()
    const before = backends.gateway.paths.length
    await Promise.all([store.lookup(lookupOf(`${prefix}:p:1`)), store.lookup(lookupOf(`${prefix}:p:2`, [`${prefix}:p:v`]))])
    expect(backends.gateway.paths.slice(before)).toEqual(['/pipeline'])
  })

  it('sends requests one after another over one kept-alive connection', async () => {
    const store = backends.open('upstash')
    await store.ping()
    const before = backends.gateway.connections
    for (let i = 0; i < 5; i++) await store.lookup(lookupOf(`${prefix}:k:${i}`))
    await store.set(`${prefix}:k:page`, 'Jpage', 60)
    expect(backends.gateway.connections).toBe(before)
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
