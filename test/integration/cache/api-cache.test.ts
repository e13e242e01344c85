import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Dispatcher } from '../../../src/main/api'
import { ListCache } from '../../../src/main/cache/list-cache'
import { MemoryStore } from '../../../src/main/cache/memory'
import { RedisStore } from '../../../src/main/cache/redis'
import type { CacheStore } from '../../../src/main/cache/store'
import { UpstashStore } from '../../../src/main/cache/upstash'
import { DatabaseSession } from '../../../src/main/session'
import type { CacheStatus } from '../../../src/shared/schemas/cache'
import { startUpstashGateway, type UpstashGateway } from '../../fixtures/upstash-gateway'
import { startBlackHole, startTcpProxy } from '../../fixtures/tcp-proxy'
import { call } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { MIGRATIONS, openMigrated, type TestDatabase } from '../../support/databases'
import { REDIS_URL, deleteKeys, testKeyPrefix } from '../../support/redis'

const prefix = testKeyPrefix()
// Every failure here is refused at once (closed port, stopped listener, wrong token): the limits only
// bound a healthy store on a busy machine, so they are generous.
const timeouts = { connectMs: 5_000, commandMs: 5_000 }
const retry = { initialMs: 50, maxMs: 200 }
let database: TestDatabase
let sql: postgres.Sql
let gateway: UpstashGateway
const cleanups: (() => Promise<unknown> | unknown)[] = []

beforeAll(async () => {
  database = await openMigrated('postgres')
  sql = postgres(database.url!, { max: 1, onnotice: () => {} })
  gateway = await startUpstashGateway({ token: randomBytes(16).toString('hex') })
})
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await sql?.end()
  await gateway?.close()
  await database?.cleanup()
  await deleteKeys(prefix)
})

/** A Roster instance as the app builds it: its own session on the shared test database, its own cache. */
async function openRoster(store: CacheStore): Promise<Dispatcher> {
  const session = new DatabaseSession(MIGRATIONS)
  await session.open({ kind: 'postgres', url: database.url! })
  const data = temporaryDataDir()
  const cache = new ListCache(store, { retry })
  cleanups.push(() => session.close(), () => cache.close(), () => data.remove())
  return createApi({ session, connections: connectionHandlersFor(session, data.dir).handlers, cache, cacheKeyPrefix: prefix })
}

const stores = {
  memory: () => new MemoryStore(),
  redis: () => new RedisStore(REDIS_URL, timeouts),
  upstash: () => new UpstashStore(gateway.url, gateway.token, timeouts),
}

const status = (api: Dispatcher) => call(api, 'cache.status', {})

/** How many reads of each list the database served since `before`. */
async function databaseReads(api: Dispatcher, read: () => Promise<unknown>): Promise<number> {
  const before = await status(api)
  await read()
  return (await status(api)).misses - before.misses
}

describe.each(['memory', 'redis', 'upstash'] as const)('API lists cached in %s', (backend) => {
  let api: Dispatcher
  let agencyId: string
  let roleId: string
  let userId: string
  const tag = `${backend}-${randomBytes(2).toString('hex')}`

  beforeAll(async () => {
    api = await openRoster(stores[backend]())
    const agencies = await call(api, 'agencies.save', { inserts: [{ clientId: 'a', name: `Agency ${tag}` }] })
    agencyId = agencies.inserted[0]!.id
    const roles = await call(api, 'roles.save', { inserts: [{ clientId: 'r', name: `Role ${tag}` }] })
    roleId = roles.inserted[0]!.id
    const users = await call(api, 'users.save', {
      inserts: [{ clientId: 'u', name: `Ann ${tag}`, email: `ann-${tag}@example.com`, agencyId, roleIds: [roleId] }],
    })
    userId = users.inserted[0]!.id
  })

  const usersPage = () => call(api, 'users.list', { search: tag })
  const agenciesPage = () => call(api, 'agencies.list', { filters: { name: tag } })
  const rolesPage = () => call(api, 'roles.list', { filters: { name: tag } })

  it('misses, then hits, and a reload reads the database', async () => {
    const first = await usersPage()
    expect(await databaseReads(api, usersPage)).toBe(0)
    // Changed behind Roster's back: the cached page stays until a reload (or the TTL).
    await sql`update users set name = ${`Ann Behind ${tag}`} where id = ${userId}`
    expect(await usersPage()).toEqual(first)
    const reloaded = await call(api, 'users.list', { search: tag, fresh: true })
    expect(reloaded.rows[0]!.name).toBe(`Ann Behind ${tag}`)
    expect(await usersPage()).toEqual(reloaded)
    const s: CacheStatus = await status(api)
    expect(s).toMatchObject({ backend, state: 'ok', message: null })
    expect(s.hits).toBeGreaterThanOrEqual(3)
    expect(s.ratio).toBe(s.hits / (s.hits + s.misses))
  })

  it('a save invalidates exactly the lists that show what it changed', async () => {
    const readAll = async () => ({
      users: await databaseReads(api, usersPage),
      agencies: await databaseReads(api, agenciesPage),
      roles: await databaseReads(api, rolesPage),
    })
    await readAll()
    expect(await readAll()).toEqual({ users: 0, agencies: 0, roles: 0 })

    const [agency] = (await agenciesPage()).rows
    await call(api, 'agencies.save', { updates: [{ id: agencyId, updatedAt: agency!.updatedAt, changes: { name: `Renamed ${tag}` } }] })
    expect(await readAll()).toEqual({ users: 1, agencies: 1, roles: 0 })
    expect((await usersPage()).rows[0]!.agencyName).toBe(`Renamed ${tag}`)

    const [role] = (await rolesPage()).rows
    await call(api, 'roles.save', { updates: [{ id: roleId, updatedAt: role!.updatedAt, changes: { description: 'Reads' } }] })
    expect(await readAll()).toEqual({ users: 1, agencies: 0, roles: 1 })

    const [user] = (await usersPage()).rows
    await call(api, 'users.save', { updates: [{ id: userId, updatedAt: user!.updatedAt, changes: { name: `Ann Lee ${tag}` } }] })
    expect(await readAll()).toEqual({ users: 1, agencies: 1, roles: 1 })
    expect((await usersPage()).rows[0]!.name).toBe(`Ann Lee ${tag}`)
  })

  it('a refused save leaves the cache as it was', async () => {
    await usersPage()
    const result = await api.call('users.save', { updates: [{ id: userId, updatedAt: '2000-01-01T00:00:00.000Z', changes: { name: 'Stale' } }] })
    expect(result.ok).toBe(false)
    expect(await databaseReads(api, usersPage)).toBe(0)
  })
})

describe.each(['redis', 'upstash'] as const)('two Roster instances sharing %s', (backend) => {
  it('a save in one is seen by the next read in the other', async () => {
    const [first, second] = [await openRoster(stores[backend]()), await openRoster(stores[backend]())]
    const tag = `shared-${backend}-${randomBytes(2).toString('hex')}`
    const { inserted } = await call(first, 'agencies.save', { inserts: [{ clientId: 'a', name: `Agency ${tag}` }] })
    const page = (api: Dispatcher) => call(api, 'agencies.list', { filters: { name: tag } })
    const read = await page(first)
    expect(await databaseReads(second, () => page(second))).toBe(0) // shared entry
    await call(first, 'agencies.save', { updates: [{ id: inserted[0]!.id, updatedAt: read.rows[0]!.updatedAt, changes: { name: `Agency ${tag} renamed` } }] })
    expect((await page(second)).rows[0]!.name).toBe(`Agency ${tag} renamed`)
  })
})

describe('a cache that fails under the API', () => {
  const roundTrip = async (api: Dispatcher, tag: string) => {
    const { inserted } = await call(api, 'roles.save', { inserts: [{ clientId: 'r', name: `Role ${tag}` }] })
    const page = await call(api, 'roles.list', { filters: { name: tag } })
    await call(api, 'roles.save', { updates: [{ id: inserted[0]!.id, updatedAt: page.rows[0]!.updatedAt, changes: { description: 'after' } }] })
    return call(api, 'roles.list', { filters: { name: tag } })
  }

  it('Redis on a closed port: reads and saves work, and the status says so', async () => {
    const hole = await startBlackHole()
    await hole.close()
    const api = await openRoster(new RedisStore(`redis://127.0.0.1:${hole.port}`, timeouts))
    expect((await roundTrip(api, `closed-${randomBytes(2).toString('hex')}`)).rows[0]!.description).toBe('after')
    expect(await status(api)).toMatchObject({ backend: 'redis', state: 'bypass', hits: 0, message: `Redis at 127.0.0.1:${hole.port} refused the connection` })
  })

  it('Redis stopped mid-run: reads and saves work, no stale page is served, and the cache comes back', async () => {
    const { hostname, port } = new URL(REDIS_URL)
    const proxy = await startTcpProxy({ host: hostname, port: Number(port || 6379) })
    cleanups.push(() => proxy.stop())
    const api = await openRoster(new RedisStore(`redis://127.0.0.1:${proxy.port}`, timeouts))
    const tag = `midrun-${randomBytes(2).toString('hex')}`
    const { inserted } = await call(api, 'agencies.save', { inserts: [{ clientId: 'a', name: `Agency ${tag}` }] })
    const page = () => call(api, 'agencies.list', { filters: { name: tag } })
    const before = await page()
    expect(await databaseReads(api, page)).toBe(0)

    await proxy.stop()
    await call(api, 'agencies.save', { updates: [{ id: inserted[0]!.id, updatedAt: before.rows[0]!.updatedAt, changes: { name: `Agency ${tag} 2` } }] })
    expect((await page()).rows[0]!.name).toBe(`Agency ${tag} 2`)
    expect(await status(api)).toMatchObject({ state: 'bypass', message: expect.stringMatching(/^Redis at 127\.0\.0\.1:\d+ /) })

    await proxy.start()
    const deadline = Date.now() + 5_000
    while ((await status(api)).state !== 'ok' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25))
    expect(await status(api)).toMatchObject({ state: 'ok', message: null })
    expect((await page()).rows[0]!.name).toBe(`Agency ${tag} 2`)
    expect(await databaseReads(api, page)).toBe(0)
  })

  it('a wrong Upstash token: reads and saves work, and the status says the token was refused', async () => {
    const api = await openRoster(new UpstashStore(gateway.url, 'wrong-token', timeouts))
    expect((await roundTrip(api, `token-${randomBytes(2).toString('hex')}`)).rows[0]!.description).toBe('after')
    const s = await status(api)
    expect(s).toMatchObject({ backend: 'upstash', state: 'bypass', hits: 0 })
    expect(s.message).toMatch(/^Upstash at 127\.0\.0\.1:\d+ refused the token$/)
  })
})
