import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namespaceOf } from '../../../src/main/cache/keys'
import { ListCache } from '../../../src/main/cache/list-cache'
import { MemoryStore } from '../../../src/main/cache/memory'
import { RedisStore } from '../../../src/main/cache/redis'
import type { CacheStore } from '../../../src/main/cache/store'
import { UpstashStore } from '../../../src/main/cache/upstash'
import { startUpstashGateway, type UpstashGateway } from '../../fixtures/upstash-gateway'
import { startRedisServer } from '../../support/redis'

// A Redis of this file's own, so its command counts are this file's alone.
let redis: Awaited<ReturnType<typeof startRedisServer>>
let gateway: UpstashGateway
let raw: Redis
const timeouts = { connectMs: 10_000, commandMs: 10_000 }
const opened: ListCache[] = []

beforeAll(async () => {
  redis = await startRedisServer()
  gateway = await startUpstashGateway({ token: randomBytes(16).toString('hex'), redisUrl: redis.url })
  raw = new Redis(redis.url)
})
afterAll(async () => {
  for (const cache of opened) await cache.close()
  raw?.disconnect()
  await gateway?.close()
  await redis?.kill()
})

type Shared = 'redis' | 'upstash'
const storeOf = (backend: Shared): CacheStore =>
  backend === 'redis' ? new RedisStore(redis.url, timeouts) : new UpstashStore(gateway.url, gateway.token, timeouts)
const cacheOn = (store: CacheStore) => {
  const cache = new ListCache(store)
  opened.push(cache)
  return cache
}

let namespaces = 0
const freshNamespace = () => namespaceOf('two-layers', `database-${namespaces++}`, '0001_schema')

/** A stand-in for a table: `list` reads its current rows and counts how often it was asked. */
function table(rows: unknown[]) {
  const source = { rows, loads: 0, list: async () => (source.loads++, structuredClone(source.rows)) }
  return source
}

/**
 * The commands clients sent the private Redis while `run` ran, by name (MONITOR; the commands a
 * script runs inside Redis are left out), and how many requests the gateway served.
 */
async function roundTrips(run: () => Promise<unknown>): Promise<{ commands: Record<string, number>; requests: number }> {
  const monitor = await raw.monitor()
  const marker = `end-${randomBytes(4).toString('hex')}`
  const commands: Record<string, number> = {}
  const ended = new Promise<void>((resolve) =>
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args[0]?.toLowerCase() === 'echo' && args[1] === marker) return resolve()
      if (source === 'lua') return
      const name = args[0]!.toLowerCase()
      commands[name] = (commands[name] ?? 0) + 1
    }),
  )
  const requests = gateway.paths.length
  await run()
  const served = gateway.paths.length - requests
  await raw.echo(marker)
  await ended
  monitor.disconnect()
  return { commands, requests: served }
}

describe.each(['redis', 'upstash'] as const)('two layers over %s', (backend) => {
  it('a Redis-layer hit is one command, and one request to Upstash', async () => {
    const cache = cacheOn(storeOf(backend))
    const ns = freshNamespace()
    const users = table([{ id: 'u1', name: 'Ann Lee' }])
    await cache.read(ns, 'users', { limit: 10 }, users.list)
    await cache.flushed()
    const trips = await roundTrips(() => cache.read(ns, 'users', { limit: 10 }, users.list))
    expect(users.loads).toBe(1)
    expect(trips.commands).toEqual({ evalsha: 1 })
    expect(trips.requests).toBe(backend === 'upstash' ? 1 : 0)
    expect(cache.status()).toMatchObject({ hits: 1, misses: 1 })
  })

  it('a reload writes its page only when it differs from the one stored under the same versions', async () => {
    const cache = cacheOn(storeOf(backend))
    const ns = freshNamespace()
    const roles = table([{ id: 'r1', name: 'Admin' }])
    await cache.read(ns, 'roles', {}, roles.list)
    await cache.flushed()
    const reload = async () => {
      await cache.read(ns, 'roles', {}, roles.list, { fresh: true })
      await cache.flushed()
    }
    expect((await roundTrips(reload)).commands).toEqual({ evalsha: 1 })
    // Written by another program (psql): the reload stores what it read, and the next read finds it.
    roles.rows = [{ id: 'r1', name: 'Administrator' }]
    expect((await roundTrips(reload)).commands).toEqual({ evalsha: 1, set: 1 })
    expect(await cache.read(ns, 'roles', {}, roles.list)).toEqual(roles.rows)
    expect(roles.loads).toBe(3)
  })

  it('the in-process layer is off until the events say it is current, then answers with no round trip', async () => {
    const cache = cacheOn(storeOf(backend))
    const ns = freshNamespace()
    const roles = table([{ id: 'r1', name: 'Admin' }])
    await cache.read(ns, 'roles', {}, roles.list)
    await cache.flushed()
    expect((await roundTrips(() => cache.read(ns, 'roles', {}, roles.list))).commands).toEqual({ evalsha: 1 })

    cache.setLocalLayerTrusted(true)
    await cache.read(ns, 'roles', {}, roles.list) // from Redis, and kept in process
    const trips = await roundTrips(async () => {
      for (let i = 0; i < 3; i++) expect(await cache.read(ns, 'roles', {}, roles.list)).toEqual(roles.rows)
    })
    expect(trips).toEqual({ commands: {}, requests: 0 })
    expect(roles.loads).toBe(1)

    // The listener is down: the layer is emptied and Redis decides again.
    cache.setLocalLayerTrusted(false)
    expect((await roundTrips(() => cache.read(ns, 'roles', {}, roles.list))).commands).toEqual({ evalsha: 1 })
    expect(roles.loads).toBe(1)
  })

  it('a save through this instance drops the in-process pages that show what it changed, and no others', async () => {
    const cache = cacheOn(storeOf(backend))
    cache.setLocalLayerTrusted(true)
    const ns = freshNamespace()
    const tables = { users: table(['u']), agencies: table(['a']), roles: table(['r']) }
    const readAll = async () => {
      for (const resource of ['users', 'agencies', 'roles'] as const) await cache.read(ns, resource, {}, tables[resource].list)
      await cache.flushed()
    }
    await readAll()
    expect((await roundTrips(readAll)).commands).toEqual({})
    tables.roles.rows = ['r renamed']
    await cache.invalidate(ns, 'roles')
    // Users show role ids, agencies show neither: only the users and roles pages are read again.
    const trips = await roundTrips(readAll)
    expect(trips.commands).toEqual({ evalsha: 2, set: 2 })
    expect(await cache.read(ns, 'roles', {}, tables.roles.list)).toEqual(['r renamed'])
    expect([tables.users.loads, tables.agencies.loads, tables.roles.loads]).toEqual([2, 1, 2])
  })

  it('a change announced by an event is read from the database even before the saving instance has bumped Redis', async () => {
    const [here, saver] = [cacheOn(storeOf(backend)), cacheOn(storeOf(backend))]
    here.setLocalLayerTrusted(true)
    const ns = freshNamespace()
    const agencies = table([{ id: 'a1', name: 'North' }])
    await here.read(ns, 'agencies', {}, agencies.list)
    await here.flushed()
    // The other instance commits; the event arrives at once, its bump to Redis comes later.
    agencies.rows = [{ id: 'a1', name: 'North renamed' }]
    here.resourcesChanged(['agencies'])
    expect(await here.read(ns, 'agencies', {}, agencies.list)).toEqual(agencies.rows)
    expect(await raw.get(`${ns}:v:agencies`)).toBe('1')
    // Its bump, when it comes, changes nothing here: the page kept in process is already the new one.
    await saver.invalidate(ns, 'agencies')
    await here.flushed()
    expect(await here.read(ns, 'agencies', {}, agencies.list)).toEqual(agencies.rows)
    expect(agencies.loads).toBe(2)
  })

  it('keeps nothing in process that was read before a change announced while it was read', async () => {
    const cache = cacheOn(storeOf(backend))
    cache.setLocalLayerTrusted(true)
    const ns = freshNamespace()
    const users = { name: 'Ann Lee', loads: 0 }
    let release = () => {}
    const slow = async () => {
      const name = users.name
      users.loads++
      await new Promise<void>((resolve) => (release = resolve))
      return name
    }
    const reading = cache.read(ns, 'users', {}, slow)
    await expect.poll(() => users.loads).toBe(1)
    users.name = 'Ann Smith'
    cache.resourcesChanged(['users'])
    release()
    expect(await reading).toBe('Ann Lee')
    await cache.flushed()
    expect(await cache.read(ns, 'users', {}, async () => (users.loads++, users.name))).toBe('Ann Smith')
    expect(users.loads).toBe(2)
  })
})

describe('the in-memory store alone', () => {
  it('is the in-process layer: used until the events say they are down, then the database answers', async () => {
    const cache = cacheOn(new MemoryStore())
    const ns = freshNamespace()
    const roles = table(['Admin'])
    await cache.read(ns, 'roles', {}, roles.list)
    await cache.flushed()
    await cache.read(ns, 'roles', {}, roles.list)
    expect(roles.loads).toBe(1)
    cache.setLocalLayerTrusted(false)
    await cache.read(ns, 'roles', {}, roles.list)
    await cache.flushed()
    await cache.read(ns, 'roles', {}, roles.list)
    expect(roles.loads).toBe(3)
    cache.setLocalLayerTrusted(true)
    await cache.read(ns, 'roles', {}, roles.list)
    await cache.flushed()
    await cache.read(ns, 'roles', {}, roles.list)
    expect(roles.loads).toBe(4)
  })

  it('drops the pages that show a resource another instance changed', async () => {
    const cache = cacheOn(new MemoryStore())
    const ns = freshNamespace()
    const tables = { users: table(['u']), agencies: table(['a']), roles: table(['r']) }
    for (const resource of ['users', 'agencies', 'roles'] as const) await cache.read(ns, resource, {}, tables[resource].list)
    await cache.flushed()
    cache.resourcesChanged(['agencies'])
    for (const resource of ['users', 'agencies', 'roles'] as const) await cache.read(ns, resource, {}, tables[resource].list)
    expect([tables.users.loads, tables.agencies.loads, tables.roles.loads]).toEqual([2, 2, 1])
  })
})
