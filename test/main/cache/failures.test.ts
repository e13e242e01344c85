import { randomBytes } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCacheStore } from '../../../src/main/cache'
import { namespaceOf } from '../../../src/main/cache/keys'
import { ListCache } from '../../../src/main/cache/list-cache'
import { RedisStore } from '../../../src/main/cache/redis'
import { UpstashStore } from '../../../src/main/cache/upstash'
import { startUpstashGateway, type UpstashGateway } from '../../fixtures/upstash-gateway'
import { startBlackHole, startTcpProxy, type TcpProxy } from '../../fixtures/tcp-proxy'
import { REDIS_URL, deleteKeys, redisClient, testKeyPrefix } from '../../support/redis'

const prefix = testKeyPrefix()
const timeouts = { connectMs: 300, commandMs: 300 }
const retry = { initialMs: 50, maxMs: 200 }
let gateway: UpstashGateway
let namespaces = 0
const freshNamespace = () => namespaceOf(prefix, `failing-database-${namespaces++}`, '0001_schema')
const closedPort = async () => {
  const hole = await startBlackHole()
  await hole.close()
  return hole.port
}

beforeAll(async () => {
  gateway = await startUpstashGateway({ token: randomBytes(16).toString('hex') })
})
afterAll(async () => {
  await gateway.close()
  await deleteKeys(prefix)
})

async function eventually(check: () => boolean, ms = 5_000) {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/** Reads keep working and saves never throw while the cache is broken; the status says why, once. */
async function expectDatabaseFallback(cache: ListCache, reason: RegExp) {
  const ns = freshNamespace()
  let loads = 0
  const list = async () => ({ rows: [`row ${++loads}`] })
  const started = Date.now()
  expect(await cache.read(ns, 'users', {}, list)).toEqual({ rows: ['row 1'] })
  expect(await cache.read(ns, 'users', {}, list)).toEqual({ rows: ['row 2'] })
  await expect(cache.invalidate(ns, 'users')).resolves.toBeUndefined()
  expect(await cache.read(ns, 'users', {}, list)).toEqual({ rows: ['row 3'] })
  // One bounded wait at most (the first command); afterwards reads skip the cache outright.
  expect(Date.now() - started).toBeLessThan(timeouts.connectMs + timeouts.commandMs + 500)
  const status = cache.status()
  expect(status.state).toBe('bypass')
  expect(status.message).toMatch(reason)
  expect(status).toMatchObject({ hits: 0, misses: 3, ratio: 0 })
}

describe('redis:// cache that cannot be reached', () => {
  it('pointed at a closed port: reads and saves work, the status says the connection was refused', async () => {
    const port = await closedPort()
    const cache = new ListCache(new RedisStore(`redis://127.0.0.1:${port}`, timeouts), { retry })
    await expectDatabaseFallback(cache, new RegExp(`Redis at 127.0.0.1:${port} refused the connection`))
    await cache.close()
  })

  it('that accepts connections but never answers: every read is bounded by the timeouts', async () => {
    const hole = await startBlackHole()
    const cache = new ListCache(new RedisStore(`redis://127.0.0.1:${hole.port}`, timeouts), { retry })
    await expectDatabaseFallback(cache, /Redis at 127\.0\.0\.1:\d+ did not answer within 300 ms/)
    await cache.close()
    await hole.close()
  })

  it('stopped mid-run: falls back, never serves a page a save made stale, and recovers when it returns', async () => {
    const { hostname, port } = new URL(REDIS_URL)
    const proxy: TcpProxy = await startTcpProxy({ host: hostname, port: Number(port || 6379) })
    const cache = new ListCache(new RedisStore(`redis://127.0.0.1:${proxy.port}`, timeouts), { retry })
    const ns = freshNamespace()
    const users = { name: 'Ann Lee', loads: 0 }
    const list = async () => (users.loads++, { name: users.name })

    await cache.read(ns, 'users', {}, list)
    expect(await cache.read(ns, 'users', {}, list)).toEqual({ name: 'Ann Lee' })
    expect(users.loads).toBe(1)

    await proxy.stop()
    users.name = 'Ann Smith'
    await cache.invalidate(ns, 'users') // the save committed; its bump could not be sent
    expect(cache.status().state).toBe('bypass')
    expect(await cache.read(ns, 'users', {}, list)).toEqual({ name: 'Ann Smith' })
    expect(cache.status().message).toMatch(/Redis at 127\.0\.0\.1:\d+/)

    await proxy.start()
    await eventually(() => cache.status().state === 'ok')
    expect(cache.status().message).toBeNull()
    // The owed bump went through: the page read before the save is unreachable.
    const redis = redisClient()
    expect(await redis.get(`${ns}:v:users`)).toBe('1')
    redis.disconnect()
    expect(await cache.read(ns, 'users', {}, list)).toEqual({ name: 'Ann Smith' })
    await cache.close()
    await proxy.stop()
  })
})

describe('Upstash cache that cannot be used', () => {
  it('with a wrong token: reads and saves work, the status says the token was refused', async () => {
    const cache = new ListCache(new UpstashStore(gateway.url, 'not-the-token', timeouts), { retry })
    await expectDatabaseFallback(cache, /Upstash at 127\.0\.0\.1:\d+ refused the token/)
    expect(cache.status().message).not.toContain('command was')
    await cache.close()
  })

  it('at a URL that is not an Upstash REST API: the status says so', async () => {
    const page = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<html>Welcome</html>'))
    await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve))
    const cache = new ListCache(new UpstashStore(`http://127.0.0.1:${(page.address() as AddressInfo).port}`, 'token', timeouts), { retry })
    await expectDatabaseFallback(cache, /Upstash at 127\.0\.0\.1:\d+ did not answer like an Upstash REST API \(is the URL right\?\)/)
    await cache.close()
    page.closeAllConnections()
    await new Promise((resolve) => page.close(resolve))
  })

  it('that never answers: every read is bounded by the timeout', async () => {
    const hole = await startBlackHole()
    const cache = new ListCache(new UpstashStore(`http://127.0.0.1:${hole.port}`, 'token', timeouts), { retry })
    await expectDatabaseFallback(cache, /did not answer within 300 ms/)
    await cache.close()
    await hole.close()
  })

  it('stopped mid-run: falls back, then recovers with the owed bump applied', async () => {
    const own = await startUpstashGateway({ token: 'secret-token' })
    // A stopped gateway refuses at once; while it runs, its first requests (the page script's load)
    // may take longer than 300 ms on a machine busy with the rest of the suite.
    const cache = new ListCache(new UpstashStore(own.url, own.token, { ...timeouts, commandMs: 5_000 }), { retry })
    const ns = freshNamespace()
    let loads = 0
    const list = async () => ++loads
    expect(await cache.read(ns, 'roles', {}, list)).toBe(1)
    expect(await cache.read(ns, 'roles', {}, list)).toBe(1)
    await own.stop()
    expect(await cache.read(ns, 'roles', {}, list)).toBe(2)
    expect(cache.status()).toMatchObject({ state: 'unavailable', message: expect.stringMatching(/Upstash at 127\.0\.0\.1:\d+ refused the connection/) })
    await cache.invalidate(ns, 'roles')
    expect(cache.status().state).toBe('bypass')
    await own.start()
    await eventually(() => cache.status().state === 'ok')
    expect(await cache.read(ns, 'roles', {}, list)).toBe(3)
    expect(await cache.read(ns, 'roles', {}, list)).toBe(3)
    await cache.close()
    await own.close()
  })
})

describe.each(['redis', 'upstash'] as const)('%s that reads but refuses a bump', (name) => {
  it('serves nothing from the cache until the owed bump goes through', async () => {
    const store = name === 'redis' ? new RedisStore(REDIS_URL, timeouts) : new UpstashStore(gateway.url, gateway.token, timeouts)
    const cache = new ListCache(store, { retry })
    const ns = freshNamespace()
    const source = { name: 'North', loads: 0 }
    const list = async () => (source.loads++, source.name)
    await cache.read(ns, 'agencies', {}, list)
    const redis = redisClient()
    // A counter that is not a number: reads still work (it is a stamp of its own, so a miss), INCR fails (a real Redis error).
    await redis.set(`${ns}:v:agencies`, 'not-a-number')
    expect(await cache.read(ns, 'agencies', {}, list)).toBe('North')
    expect(source.loads).toBe(2)
    source.name = 'North renamed'
    await cache.invalidate(ns, 'agencies')
    expect(cache.status()).toMatchObject({ state: 'bypass', message: expect.stringContaining('not an integer') })
    expect(await cache.read(ns, 'agencies', {}, list)).toBe('North renamed')
    await redis.del(`${ns}:v:agencies`)
    redis.disconnect()
    await eventually(() => cache.status().state === 'ok')
    expect(await cache.read(ns, 'agencies', {}, list)).toBe('North renamed')
    expect(source.loads).toBe(4)
    await cache.close()
  })
})

describe('a cache setting that cannot be set up', () => {
  it('still lets reads and saves through, and says what is wrong', async () => {
    const cache = new ListCache(createCacheStore({ kind: 'upstash', url: 'https://', token: 'token' }), { retry })
    await expectDatabaseFallback(cache, /^The Upstash cache cannot be set up: Enter the REST URL, like https:\/\/…upstash\.io$/)
    await cache.close()
  })
})
