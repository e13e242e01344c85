import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createApi, type Dispatcher } from '../../../src/main/api'
import { followConnectionCache, ListCache } from '../../../src/main/cache'
import { DatabaseSession } from '../../../src/main/session'
import { startUpstashGateway, type UpstashGateway } from '../../fixtures/upstash-gateway'
import { call } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { MIGRATIONS, openMigrated, type TestDatabase } from '../../support/databases'
import { REDIS_URL, deleteKeys, testKeyPrefix } from '../../support/redis'

const prefix = testKeyPrefix()
let database: TestDatabase
let gateway: UpstashGateway
let session: DatabaseSession
let cache: ListCache
let api: Dispatcher
let data: ReturnType<typeof temporaryDataDir>

beforeAll(async () => {
  database = await openMigrated('postgres')
  gateway = await startUpstashGateway({ token: randomBytes(16).toString('hex') })
  session = new DatabaseSession(MIGRATIONS)
  await session.switchTo(database.database, { kind: 'postgres', url: database.url! })
  data = temporaryDataDir()
  cache = new ListCache()
  const { handlers } = connectionHandlersFor(session, data.dir, { onOpened: followConnectionCache(cache) })
  api = createApi({ session, connections: handlers, cache, cacheKeyPrefix: prefix })
})
afterAll(async () => {
  await cache?.close()
  await session?.close()
  await gateway?.close()
  await database?.cleanup()
  data?.remove()
  await deleteKeys(prefix)
})

it('uses the cache saved with the connection that is open', async () => {
  expect(await call(api, 'cache.status', {})).toMatchObject({ backend: 'memory', label: 'In-memory', state: 'ok', ratio: null })

  const viaRedis = await call(api, 'connections.save', { name: 'With Redis', url: database.url!, cache: { kind: 'redis', url: REDIS_URL } })
  await call(api, 'connections.open', { id: viaRedis.id })
  await call(api, 'users.list', {})
  await call(api, 'users.list', {})
  expect(await call(api, 'cache.status', {})).toMatchObject({ backend: 'redis', label: '127.0.0.1:6379', state: 'ok', hits: 1, misses: 1, ratio: 0.5 })

  const viaUpstash = await call(api, 'connections.save', {
    name: 'With Upstash',
    url: database.url!,
    cache: { kind: 'upstash', url: gateway.url, token: gateway.token },
  })
  await call(api, 'connections.open', { id: viaUpstash.id })
  // The same database through another cache: the page Redis holds is shared (same Redis below the gateway).
  await call(api, 'users.list', {})
  expect(await call(api, 'cache.status', {})).toMatchObject({ backend: 'upstash', state: 'ok', hits: 1, misses: 0 })
})
