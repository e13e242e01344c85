import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { EPOCH_KEY, entryKey, namespaceOf, pageKeyOf, type CachedResource } from '../../../src/main/cache/keys'
import { ListCache } from '../../../src/main/cache/list-cache'
import { pagesShow } from '../../../src/shared/schemas/resources'
import { CacheStoreError, DIGEST_LENGTH, type CacheStore } from '../../../src/main/cache/store'
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

let namespaces = 0
const freshNamespace = () => namespaceOf(prefix, `test-database-${namespaces++}`, '0001_schema')

/** A stand-in for a table: `list` reads its current rows and counts how often it was asked. */
function table(rows: unknown[]) {
  const source = { rows, loads: 0, list: async () => (source.loads++, structuredClone(source.rows)) }
  return source
}

describe.each(backendNames)('list cache on %s', (name) => {
  it('misses, then hits, and counts both', async () => {
    const cache = new ListCache(backends.open(name))
    const ns = freshNamespace()
    const users = table([{ id: 'u1', name: 'Ann Lee' }])
    const query = { sort: [{ column: 'name', direction: 'asc' }], limit: 100 }
    expect(await cache.read(ns, 'users', query, users.list)).toEqual(users.rows)
    expect(await cache.read(ns, 'users', { limit: 100, sort: [{ direction: 'asc', column: 'name' }] }, users.list)).toEqual(users.rows)
    expect(users.loads).toBe(1)
    expect(await cache.read(ns, 'users', { ...query, limit: 50 }, users.list)).toEqual(users.rows)
    expect(users.loads).toBe(2)
    expect(cache.status()).toMatchObject({ backend: name, state: 'ok', hits: 1, misses: 2, ratio: 1 / 3, message: null })
  })

  it('brings dates, nulls and nested values back as they went in', async () => {
    const cache = new ListCache(backends.open(name))
    const ns = freshNamespace()
    const value = {
      rows: [{ id: 'r1', description: null, at: new Date('2024-02-29T12:34:56.789Z'), tags: ['a', null], note: 'SGVsbG8=' }],
      total: 1,
      nextCursor: null,
    }
    const source = table([])
    source.list = async () => (source.loads++, value as never)
    await cache.read(ns, 'roles', {}, source.list)
    // Read back from the store, not from the write still under way.
    await cache.flushed()
    const cached = await cache.read(ns, 'roles', {}, source.list)
    expect(source.loads).toBe(1)
    expect(cached).toEqual(value)
    // In process a page is kept as it was read and shared, frozen; from Redis it is decoded anew.
    if (name === 'memory') {
      expect(cached).toBe(value)
      expect(Object.isFrozen(value.rows[0]!.tags)).toBe(true)
    } else expect(cached).not.toBe(value)
    expect((cached as unknown as typeof value).rows[0]!.at).toBeInstanceOf(Date)
  })

  it('a save invalidates exactly the lists that show what it changed', async () => {
    const cache = new ListCache(backends.open(name))
    const ns = freshNamespace()
    const tables = { users: table(['u']), agencies: table(['a']), roles: table(['r']) }
    const readAll = async () => {
      for (const resource of ['users', 'agencies', 'roles'] as const) await cache.read(ns, resource, {}, tables[resource].list)
    }
    const loadsSince = async (save: CachedResource | null) => {
      const before = Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t.loads]))
      if (save) await cache.invalidate(ns, save)
      await readAll()
      return Object.fromEntries(Object.entries(tables).map(([k, t]) => [k, t.loads - before[k]!]))
    }
    await readAll()
    expect(await loadsSince(null)).toEqual({ users: 0, agencies: 0, roles: 0 })
    // Users show agency names and role ids; agencies and roles show user counts.
    expect(await loadsSince('agencies')).toEqual({ users: 1, agencies: 1, roles: 0 })
    expect(await loadsSince('roles')).toEqual({ users: 1, agencies: 0, roles: 1 })
    expect(await loadsSince('users')).toEqual({ users: 1, agencies: 1, roles: 1 })
    expect(cache.status().state).toBe('ok')
  })

  it('a reload reads the database and keeps what it read', async () => {
    const cache = new ListCache(backends.open(name))
    const ns = freshNamespace()
    const agencies = table([{ id: 'a1', name: 'North' }])
    await cache.read(ns, 'agencies', {}, agencies.list)
    agencies.rows = [{ id: 'a1', name: 'North (changed behind Roster)' }]
    expect(await cache.read(ns, 'agencies', {}, agencies.list)).toEqual([{ id: 'a1', name: 'North' }])
    expect(await cache.read(ns, 'agencies', {}, agencies.list, { fresh: true })).toEqual(agencies.rows)
    expect(await cache.read(ns, 'agencies', {}, agencies.list)).toEqual(agencies.rows)
    expect(agencies.loads).toBe(2)
  })

  it('keeps databases apart', async () => {
    const cache = new ListCache(backends.open(name))
    const [one, two] = [freshNamespace(), freshNamespace()]
    expect(await cache.read(one, 'roles', {}, async () => 'one')).toBe('one')
    expect(await cache.read(two, 'roles', {}, async () => 'two')).toBe('two')
    await cache.invalidate(one, 'roles')
    expect(await cache.read(two, 'roles', {}, async () => 'not read')).toBe('two')
  })
})

describe.each(['redis', 'upstash'] as const)('hits on %s of a page this process holds', (name) => {
  it('are answered with its digest, not the page, and hand out the page decoded before; another page is sent whole', async () => {
    const store = backends.open(name)
    // What each lookup brought back, in characters.
    const answers: number[] = []
    const lookup = store.lookup.bind(store)
    store.lookup = async (request) => {
      const found = await lookup(request)
      answers.push(found.value?.length ?? 0)
      return found
    }
    const cache = new ListCache(store)
    const ns = freshNamespace()
    const roles = table(Array.from({ length: 50 }, (_, i) => ({ id: `r${i}`, name: `Role number ${i}` })))
    await cache.read(ns, 'roles', {}, roles.list)
    await cache.flushed()
    const first = await cache.read(ns, 'roles', {}, roles.list)
    expect(await cache.read(ns, 'roles', {}, roles.list)).toBe(first)
    expect(Object.isFrozen((first as { name: string }[])[0])).toBe(true)
    // The miss (nothing stored), the first hit (the page), the second (its digest alone).
    expect(answers[0]).toBe(0)
    expect(answers[1]).toBeGreaterThan(1_000)
    expect(answers[2]).toBe(DIGEST_LENGTH)
    // A reload that reads other rows (written by another program) stores them under the same
    // versions, having asked only for the digest of what was there; the next hit gets them whole.
    roles.rows = [{ id: 'r1', name: 'Owner' }]
    await cache.read(ns, 'roles', {}, roles.list, { fresh: true })
    expect(answers[3]).toBe(DIGEST_LENGTH)
    await cache.flushed()
    expect(await cache.read(ns, 'roles', {}, roles.list)).toEqual([{ id: 'r1', name: 'Owner' }])
    expect(answers[4]).toBeGreaterThan(DIGEST_LENGTH)
    // A reload that reads what is stored writes nothing.
    const set = store.set.bind(store)
    let writes = 0
    store.set = async (...args) => (writes++, set(...args))
    await cache.read(ns, 'roles', {}, roles.list, { fresh: true })
    await cache.flushed()
    expect(writes).toBe(0)
    expect(roles.loads).toBe(3)
    await cache.close()
  })
})

/** A store that keeps pages as text in a map, as Redis would (its epoch "e", no counters): not the in-process layer. */
function storeLike(): CacheStore & { size: number } {
  const pages = new Map<string, string>()
  return {
    backend: 'redis',
    label: 'a stand-in for Redis',
    lookup: async ({ page }) => ({ stamp: 'e', value: pages.get(entryKey(page, 'e')) ?? null }),
    set: async (key, value) => void pages.set(key, value),
    bump: async () => {},
    ping: async () => {},
    close: async () => {},
    get size() {
      return pages.size
    },
  }
}

describe('writing pages to the store', () => {
  it('answers before a slow store has the page, and serves that page meanwhile', async () => {
    const store = storeLike()
    let release = () => {}
    const stored = new Promise<void>((resolve) => (release = resolve))
    const set = store.set.bind(store)
    store.set = async (...args) => {
      await stored
      return set(...args)
    }
    const cache = new ListCache(store)
    const ns = freshNamespace()
    const roles = table([{ id: 'r1', name: 'Admin' }])
    expect(await cache.read(ns, 'roles', {}, roles.list)).toEqual(roles.rows)
    expect(await cache.read(ns, 'roles', {}, roles.list)).toEqual(roles.rows)
    expect(roles.loads).toBe(1)
    expect(store.size).toBe(0)
    release()
    await cache.flushed()
    expect(store.size).toBe(1)
    expect(cache.status()).toMatchObject({ hits: 1, misses: 1, state: 'ok' })
  })

  it('turns a failed write into the cache status, never into a failed read', async () => {
    const store = storeLike()
    store.set = async () => {
      throw new CacheStoreError('Redis refused the write')
    }
    const cache = new ListCache(store)
    expect(await cache.read(freshNamespace(), 'users', {}, async () => 'page')).toBe('page')
    await cache.flushed()
    expect(cache.status()).toMatchObject({ state: 'unavailable', message: 'Redis refused the write' })
    await cache.close()
  })
})

describe.each(['redis', 'upstash'] as const)('two Roster instances sharing %s', (name) => {
  it('share entries, and a save in one is seen by the next read in the other', async () => {
    const [first, second] = [new ListCache(backends.open(name)), new ListCache(backends.open(name))]
    const ns = freshNamespace()
    const users = table([{ id: 'u1', name: 'Ann Lee' }])
    await first.read(ns, 'users', {}, users.list)
    // The page reaches the shared store just after the reply.
    await first.flushed()
    expect(await second.read(ns, 'users', {}, users.list)).toEqual(users.rows)
    expect(users.loads).toBe(1)
    users.rows = [{ id: 'u1', name: 'Ann Smith' }]
    await first.invalidate(ns, 'users')
    expect(await second.read(ns, 'users', {}, users.list)).toEqual([{ id: 'u1', name: 'Ann Smith' }])
    await second.flushed()
    expect(await first.read(ns, 'users', {}, users.list)).toEqual([{ id: 'u1', name: 'Ann Smith' }])
    expect(users.loads).toBe(2)
  })

  it('stores pages with the configured TTL, under keys that embed the epoch and every version they depend on', async () => {
    const cache = new ListCache(backends.open(name), { ttlSeconds: 5 })
    const ns = freshNamespace()
    await cache.invalidate(ns, 'agencies')
    await cache.read(ns, 'users', { limit: 10 }, async () => 'page')
    await cache.flushed()
    const redis = redisClient()
    const epoch = await redis.get(EPOCH_KEY)
    const key = entryKey(pageKeyOf(ns, 'users', { limit: 10 }), [epoch, ...pagesShow('users').map((r) => (r === 'agencies' ? 1 : 0))].join('.'))
    try {
      expect(await redis.ttl(key)).toBeGreaterThan(0)
      expect(await redis.ttl(key)).toBeLessThanOrEqual(5)
      expect(await redis.ttl(`${ns}:v:agencies`)).toBe(-1)
    } finally {
      redis.disconnect()
    }
  })
})
