/**
 * npm run bench:cache [-- --server <postgres-url>] [--users 100000] [--rounds 40]
 *
 * Seeds a fresh database with users, then times a users page read through the full API path
 * (dispatcher → cache → service → Drizzle → postgres.js): cached (a hit) against uncached (a
 * reload: `fresh: true`, which reads the database and stores the page), interleaved in the same
 * run, for each backend: in-memory, redis:// and Upstash REST (the local gateway over Redis).
 *
 * Then the same with 20 ms added to every round trip to PostgreSQL (a TCP proxy), to redis:// (a
 * TCP proxy) and to Upstash (the gateway), as with a cloud database and a cloud Redis: a Redis-layer
 * hit and an in-process hit, each against a reload through the same cache (as above: it reads the
 * stamp, one round trip to Redis, then the database), alternated so load elsewhere falls on both
 * alike. Upstash is the gateway fixture in a process of its own, as the real service is remote. Also against the database alone (a reload through the in-memory cache, whose own cost is
 * nil): a page that is one round trip to PostgreSQL costs about the same as one round trip to Redis.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
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
import { startTcpProxy, type TcpProxy } from '../test/fixtures/tcp-proxy'
import { deleteKeys } from '../test/support/redis'
import { benchEventLatency } from './event-latency'
import { median, timePair } from './support'

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
const LATENCY_MS = 20
/**
 * Reloads and hits run before the timed ones: Roster's main process runs for hours, and its hit
 * path costs 1.5–2× as much for its first few hundred calls while V8 compiles it.
 */
const WARM_UP_PAIRS = 300

interface GatewayProcess {
  url: string
  token: string
  close(): Promise<void>
}

/** The Upstash gateway in a process of its own (bench/upstash-gateway-process.ts), as the real service is. */
async function startGatewayProcess(redisUrl: string, latencyMs = 0): Promise<GatewayProcess> {
  const token = randomBytes(16).toString('hex')
  const args = ['scripts/run-ts.mjs', 'bench/upstash-gateway-process.ts', '--token', token, '--redis', redisUrl, '--latency', String(latencyMs)]
  const child = spawn(process.execPath, args, { cwd: resolve(import.meta.dirname, '..'), stdio: ['pipe', 'pipe', 'inherit'] })
  let output = ''
  const url = await new Promise<string>((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const line = /^ready (\S+)$/m.exec(output)
      if (line) ready(line[1]!)
    })
    child.once('exit', (code) => fail(new Error(`the Upstash gateway exited with code ${code} before it was ready: ${output}`)))
  })
  return {
    url,
    token,
    async close() {
      if (child.exitCode !== null) return
      child.stdin!.end()
      await once(child, 'exit')
    },
  }
}

/**
 * Requests until the gateway process runs warm: a Node process answers its first few thousand
 * requests 2–3× slower (0.55 → 0.25 ms a lookup here) while V8 compiles its HTTP and Redis paths,
 * and the real Upstash, a service long up, has no such start. Lookups of a page key of the
 * bench's own, so every path a hit takes is run.
 */
async function warmGateway(gateway: GatewayProcess, requests = 4_000): Promise<void> {
  const store = new UpstashStore(gateway.url, gateway.token)
  const lookup = { versionKeys: [`${keyPrefix}:warm:v`], bump: new Set<string>(), page: { prefix: `${keyPrefix}:warm:`, suffix: ':page' } }
  try {
    for (let i = 0; i < requests / 2; i++) {
      await store.ping()
      await store.lookup(lookup)
    }
  } finally {
    await store.close()
  }
}

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

function apiOver(name: string, cache: ListCache, session: DatabaseSession, dataDir: string): Dispatcher {
  const connections = createConnectionHandlers({
    session,
    store: new ConnectionStore(join(dataDir, `${name}.json`), fileKeySecretBox(dataDir)),
    embeddedDataDir: join(dataDir, 'embedded'),
    startup: session.target!,
  })
  return createApi({ session, connections, cache, cacheKeyPrefix: keyPrefix })
}

function checkUsed(name: string, cache: ListCache) {
  const status = cache.status()
  if (status.state !== 'ok') throw new Error(`${name} cache is ${status.state}: ${status.message}`)
  return status
}

async function measure(name: string, store: CacheStore, session: DatabaseSession, dataDir: string) {
  const cache = new ListCache(store)
  const api = apiOver(name, cache, session, dataDir)
  for (let i = 0; i < WARM_UP_PAIRS; i++) {
    await time(api, { ...page, fresh: true })
    await time(api, page)
  }
  const cached: number[] = []
  const uncached: number[] = []
  for (let i = 0; i < rounds; i++) {
    uncached.push(await time(api, { ...page, fresh: true }))
    // A reload replies first and stores its page after (encoding and digest, ~0.1 ms here): that
    // work is the reload's, not the next hit's, which in use comes long after and in another window.
    await cache.flushed()
    cached.push(await time(api, page))
  }
  const status = checkUsed(name, cache)
  const [c, u] = [median(cached), median(uncached)]
  console.log(`${name}: cached ${c.toFixed(2)} ms, uncached ${u.toFixed(2)} ms (median of ${rounds}; ${status.hits} hits, ${status.misses} misses)`)
  console.log(`cache ratio: ${(c / u).toFixed(3)} (${name})`)
  await cache.close()
}

/**
 * With 20 ms per round trip: a hit of each layer against the page from the database. The
 * in-process layer is trusted as the change events would trust it while their listener is up.
 */
async function measureLatency(url: string, redisUrl: string, gateway: GatewayProcess, dataDir: string) {
  const session = new DatabaseSession(migrations)
  await session.open({ kind: 'postgres', url })
  const database = new ListCache(new MemoryStore())
  const fromDatabase = apiOver('latency-database', database, session, dataDir)
  const reload = () => time(fromDatabase, { ...page, fresh: true })
  const layers = [
    { name: 'redis', line: 'cache ratio (20 ms): %s (redis)', store: new RedisStore(redisUrl), trusted: false },
    { name: 'upstash', line: 'cache ratio (20 ms): %s (upstash)', store: new UpstashStore(gateway.url, gateway.token), trusted: false },
    { name: 'memory layer', line: 'memory layer ratio (20 ms): %s', store: new RedisStore(redisUrl), trusted: true },
  ]
  try {
    for (const { name, line, store, trusted } of layers) {
      const cache = new ListCache(store)
      cache.setLocalLayerTrusted(trusted)
      const api = apiOver(`latency-${name}`, cache, session, dataDir)
      await time(api, page)
      await cache.flushed()
      const [c, u] = await timePair(() => time(api, page), () => time(api, { ...page, fresh: true }), rounds)
      const [c2, d] = await timePair(() => time(api, page), reload, rounds)
      const status = checkUsed(name, cache)
      console.log(
        `${name} (20 ms): cached ${c.toFixed(2)} ms, uncached ${u.toFixed(2)} ms; cached ${c2.toFixed(2)} ms, database alone ${d.toFixed(2)} ms (medians of ${rounds}; ${status.hits} hits, ${status.misses} misses)`,
      )
      console.log(line.replace('%s', (c / u).toFixed(3)))
      console.log(`against the database alone (20 ms): ${(c2 / d).toFixed(3)} (${name})`)
      await cache.close()
    }
  } finally {
    await database.close()
    await session.close()
  }
}

async function main() {
  const name = `roster_bench_cache_${Date.now().toString(36)}`
  const admin = postgres(args.server, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const url = new URL(args.server)
  url.pathname = `/${name}`
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-bench-'))
  const gateway = await startGatewayProcess(args.redis)
  const slowGateway = await startGatewayProcess(args.redis, LATENCY_MS)
  const proxies: TcpProxy[] = []
  /** The same server with 20 ms added to each round trip. */
  const slowed = async (raw: string, defaultPort: number) => {
    const target = new URL(raw)
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || defaultPort) }, { latencyMs: LATENCY_MS })
    proxies.push(proxy)
    target.hostname = '127.0.0.1'
    target.port = String(proxy.port)
    return target.toString()
  }
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
    await warmGateway(gateway)
    await measure('upstash', new UpstashStore(gateway.url, gateway.token), session, dataDir)
    await measureLatency(await slowed(url.toString(), 5432), await slowed(args.redis, 6379), slowGateway, dataDir)
    await benchEventLatency(args.server)
  } finally {
    await session.close()
    await gateway.close()
    await slowGateway.close()
    for (const proxy of proxies) await proxy.stop()
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
