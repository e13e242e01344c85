import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Dispatcher } from '../../../src/main/api'
import { ListCache } from '../../../src/main/cache/list-cache'
import { RedisStore } from '../../../src/main/cache/redis'
import { UpstashStore } from '../../../src/main/cache/upstash'
import { openDatabase, type Database, type DatabaseTarget } from '../../../src/main/db/client'
import { applyMigrations } from '../../../src/main/db/migrations'
import { DatabaseSession } from '../../../src/main/session'
import { startUpstashGateway, type UpstashGateway } from '../../fixtures/upstash-gateway'
import { call } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { MIGRATIONS, createPostgresDatabase, engines, migratedTemplate, type Engine } from '../../support/databases'
import { REDIS_URL, deleteKeys, testKeyPrefix } from '../../support/redis'

const prefix = testKeyPrefix()
const timeouts = { connectMs: 10_000, commandMs: 10_000 }
let gateway: UpstashGateway
const cleanups: (() => Promise<unknown> | unknown)[] = []

beforeAll(async () => {
  gateway = await startUpstashGateway({ token: randomBytes(16).toString('hex') })
})
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
  await gateway?.close()
  await deleteKeys(prefix)
})

type SharedDatabase = { target: DatabaseTarget; handle(): Promise<Database> }
const sharedDatabases = new Map<Engine, Promise<SharedDatabase>>()

/**
 * One database both instances open, made once per engine (the Redis and the Upstash test each tag
 * their own rows): a PostgreSQL database, or a PGlite folder (one process may hold it, so both
 * instances share its one handle, as two windows of one Roster would). PGlite is slow to create
 * and migrate on a busy machine: the tests here allow two minutes.
 */
function sharedDatabase(engine: Engine): Promise<SharedDatabase> {
  let shared = sharedDatabases.get(engine)
  if (!shared) sharedDatabases.set(engine, (shared = createSharedDatabase(engine)))
  return shared
}

async function createSharedDatabase(engine: Engine): Promise<SharedDatabase> {
  if (engine === 'postgres') {
    const created = await createPostgresDatabase()
    cleanups.push(() => created.drop())
    const target: DatabaseTarget = { kind: 'postgres', url: created.url }
    const migrated = await openDatabase(target)
    await applyMigrations(migrated, MIGRATIONS)
    await migrated.close()
    return {
      target,
      async handle() {
        const database = await openDatabase(target)
        cleanups.push(() => database.close())
        return database
      },
    }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-two-instances-'))
  const target: DatabaseTarget = { kind: 'embedded', dataDir }
  // Started from the run's migrated template (test/support/pglite-template.ts) instead of initdb.
  const database = await openDatabase({ ...target, loadDataDir: migratedTemplate() })
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }), () => database.close())
  return { target, handle: async () => database }
}

interface Roster {
  api: Dispatcher
  cache: ListCache
}

async function openRoster(shared: SharedDatabase, backend: 'redis' | 'upstash'): Promise<Roster> {
  const session = new DatabaseSession(MIGRATIONS)
  await session.switchTo(await shared.handle(), shared.target)
  const data = temporaryDataDir()
  const store = backend === 'redis' ? new RedisStore(REDIS_URL, timeouts) : new UpstashStore(gateway.url, gateway.token, timeouts)
  const cache = new ListCache(store)
  cleanups.push(() => data.remove(), () => cache.close())
  return { api: createApi({ session, connections: connectionHandlersFor(session, data.dir).handlers, cache, cacheKeyPrefix: prefix }), cache }
}

const misses = async ({ api }: Roster, read: () => Promise<unknown>) => {
  const before = (await call(api, 'cache.status', {})).misses
  await read()
  return (await call(api, 'cache.status', {})).misses - before
}

describe.each(engines.flatMap((engine) => (['redis', 'upstash'] as const).map((backend) => [engine, backend] as const)))(
  'two Roster instances on one %s database sharing %s',
  (engine, backend) => {
    it('a save in one is in the other’s next read from Redis, and in its in-process layer once the change event says so', async () => {
      const shared = await sharedDatabase(engine)
      const [one, two] = [await openRoster(shared, backend), await openRoster(shared, backend)]
      const tag = `${engine}-${backend}-${randomBytes(2).toString('hex')}`
      const page = ({ api }: Roster) => call(api, 'agencies.list', { filters: { name: tag } })
      const name = async (roster: Roster) => (await page(roster)).rows[0]!.name
      const { inserted } = await call(one.api, 'agencies.save', { inserts: [{ clientId: 'a', name: `Agency ${tag}` }] })
      const rename = async (to: string) => {
        const [row] = (await page(one)).rows
        await call(one.api, 'agencies.save', { updates: [{ id: inserted[0]!.id, updatedAt: row!.updatedAt, changes: { name: to } }] })
      }

      // Redis layer only (no events yet): the page one read is two's hit, and one's save is two's next read.
      await page(one)
      await one.cache.flushed()
      expect(await misses(two, () => page(two))).toBe(0)
      await rename(`Agency ${tag} 2`)
      expect(await name(two)).toBe(`Agency ${tag} 2`)

      // Both listeners up: two answers from its own memory…
      two.cache.setLocalLayerTrusted(true)
      await page(two)
      await two.cache.flushed()
      expect(await misses(two, () => page(two))).toBe(0)
      // …so one's save reaches it as the event, which the wiring passes on like this.
      await rename(`Agency ${tag} 3`)
      two.cache.resourcesChanged(['agencies'])
      expect(await name(two)).toBe(`Agency ${tag} 3`)
      // Users show agency names: a users page is dropped with it, a roles page is not.
      await call(two.api, 'users.list', {})
      await call(two.api, 'roles.list', {})
      await two.cache.flushed()
      two.cache.resourcesChanged(['agencies'])
      expect(await misses(two, () => call(two.api, 'users.list', {}))).toBe(1)
      expect(await misses(two, () => call(two.api, 'roles.list', {}))).toBe(0)

      // The listener lost: the in-process layer is dropped and Redis decides again.
      two.cache.setLocalLayerTrusted(false)
      await rename(`Agency ${tag} 4`)
      expect(await name(two)).toBe(`Agency ${tag} 4`)
    }, 120_000)
  },
)
