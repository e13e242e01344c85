/**
 * npm run bench:cache [-- --server <postgres-url>] [--users 100000] [--rounds 40]
 *
 * Seeds a fresh database with users, then times a users page read through the full API path
 * (dispatcher → cache → service → Drizzle → postgres.js): cached (a hit) against uncached (a
 * reload: `fresh: true`, which reads the database and stores the page), interleaved in the same
 * run, for each backend: in-memory, redis:// and Upstash REST (the local gateway over Redis).
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { parseArgs } from 'node:util'
import postgres from 'postgres'
import { createApi, type Dispatcher } from '../src/main/api'
import { ListCache } from '../src/main/cache/list-cache'
import { MemoryStore } from '../src/main/cache/memory'
import { RedisStore } from '../src/main/cache/redis'
import type { CacheStore } from '../src/main/cache/store'
import { UpstashStore } from '../src/main/cache/upstash'
import { createConnectionHandlers } from '../src/main/connections/handlers'
import { fileKeySecretBox } from '../src/main/connections/secret-box'
import { ConnectionStore } from '../src/main/connections/store'
import { openDatabase } from '../src/main/db/client'
import { applyMigrations } from '../src/main/db/migrations'
import { DatabaseSession } from '../src/main/session'
import { startUpstashGateway } from '../test/fixtures/upstash-gateway'
import { deleteKeys } from '../test/support/redis'
import { median } from './support'

const { values: args } = parseArgs({
  options: {
    server: { type: 'string', default: process.env.ROSTER_BENCH_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' },
    redis: { type: 'string', default: process.env.ROSTER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    users: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '40' },
  },
})
const userCount = Number(args.users)
const rounds = Number(args.rounds)
const migrations = resolve(import.meta.dirname, '../drizzle')
const keyPrefix = `roster-bench:${randomBytes(4).toString('hex')}`
const page = { limit: 100, sort: [{ column: 'name', direction: 'asc' }] }

async function seed(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    await sql`insert into agencies (name) select 'Agency ' || lpad(g::text, 3, '0') from generate_series(1, 100) g`
    await sql`insert into roles (name, description) select 'Role ' || g, 'Can do thing ' || g from generate_series(1, 20) g`
    await sql`
      insert into users (email, name, agency_id, is_active)
      select 'user' || g || '@example.com',
             (array['Ann','Bob','Cai','Dee','Eva','Fox','Gus','Hal'])[1 + g % 8] || ' ' || md5(g::text),
             case when g % 10 = 0 then null else (select id from agencies order by name offset (g % 100) limit 1) end,
             g % 7 <> 0
      from generate_series(1, ${userCount}) g`
    await sql`
      insert into user_roles (user_id, role_id)
      select u.id, r.id
      from (select id, row_number() over (order by id) as n from users) u
      join (select id, row_number() over (order by name) - 1 as k from roles) r
        on r.k = u.n % 20 or r.k = (u.n * 7 + 3) % 20`
    await sql`analyze`
  } finally {
    await sql.end()
  }
}

async function time(api: Dispatcher, input: object): Promise<number> {
  const started = performance.now()
  const result = await api.call('users.list', input)
  const elapsed = performance.now() - started
  if (!result.ok) throw new Error(`users.list failed: ${result.error.message}`)
  return elapsed
}

async function measure(name: string, store: CacheStore, session: DatabaseSession, dataDir: string) {
  const cache = new ListCache(store)
  const connections = createConnectionHandlers({
    session,
    store: new ConnectionStore(join(dataDir, `${name}.json`), fileKeySecretBox(dataDir)),
    embeddedDataDir: join(dataDir, 'embedded'),
    startup: session.target!,
  })
  const api = createApi({ session, connections, cache, cacheKeyPrefix: keyPrefix })
  for (let i = 0; i < 5; i++) {
    await time(api, { ...page, fresh: true })
    await time(api, page)
  }
  const cached: number[] = []
  const uncached: number[] = []
  for (let i = 0; i < rounds; i++) {
    uncached.push(await time(api, { ...page, fresh: true }))
    cached.push(await time(api, page))
  }
  const status = cache.status()
  if (status.state !== 'ok') throw new Error(`${name} cache is ${status.state}: ${status.message}`)
  const [c, u] = [median(cached), median(uncached)]
  console.log(`${name}: cached ${c.toFixed(2)} ms, uncached ${u.toFixed(2)} ms (median of ${rounds}; ${status.hits} hits, ${status.misses} misses)`)
  console.log(`cache ratio: ${(c / u).toFixed(3)} (${name})`)
  await cache.close()
}

async function main() {
  const name = `roster_bench_cache_${Date.now().toString(36)}`
  const admin = postgres(args.server, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const url = new URL(args.server)
  url.pathname = `/${name}`
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-bench-'))
  const gateway = await startUpstashGateway({ token: randomBytes(16).toString('hex'), redisUrl: args.redis })
  const session = new DatabaseSession(migrations)
  try {
    const started = performance.now()
    const database = await openDatabase({ kind: 'postgres', url: url.toString() })
    await applyMigrations(database, migrations)
    await database.close()
    await seed(url.toString())
    console.log(`seeded ${userCount.toLocaleString('en')} users in ${((performance.now() - started) / 1000).toFixed(1)} s; page: first ${page.limit} users by name`)
    await session.open({ kind: 'postgres', url: url.toString() })
    await measure('memory', new MemoryStore(), session, dataDir)
    await measure('redis', new RedisStore(args.redis), session, dataDir)
    await measure('upstash', new UpstashStore(gateway.url, gateway.token), session, dataDir)
  } finally {
    await session.close()
    await gateway.close()
    await deleteKeys(keyPrefix)
    rmSync(dataDir, { recursive: true, force: true })
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.end()
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
