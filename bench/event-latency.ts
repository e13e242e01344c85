/**
 * Event latency: a save committed in one Roster instance → its change event received in another,
 * median of `runs` saves, printed as `event latency: N ms (…)` per engine. Wired into
 * `npm run bench:cache` (bench/cache.ts calls benchEventLatency).
 *
 * PostgreSQL: two instances, each with its own pool and its own listening connection, on one
 * fresh database of the server. PGlite: an embedded database belongs to one process, so what
 * exists is two listeners on the same embedded instance; that is what is timed.
 *
 * The clock starts when the saving instance sends its COMMIT (its NOTIFY has run in the save's
 * transaction, as the app sends it) and stops when the other instance's subscriber is called: the
 * commit's round trip, the delivery and the listener's handling. (From the COMMIT's
 * acknowledgement it read 0 ms: PostgreSQL sends the notification as it commits, and it reached
 * the listener before the acknowledgement reached the saver.)
 */
import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import type { ChangeEvent } from '../src/shared/contract/events'
import { openDatabase, type Database, type DatabaseTarget } from '../src/main/db/client'
import { applyMigrations } from '../src/main/db/migrations'
import { announce, changedIds } from '../src/main/events/announce'
import { LiveChanges } from '../src/main/events/live-changes'
import { servedResource } from '../src/main/resources'
import { DatabaseSession } from '../src/main/session'
import { median, ms } from './support'

const migrations = resolve(import.meta.dirname, '../drizzle')

/** One instance: a session on the database and its change events. */
async function instance(database: Database, target: DatabaseTarget) {
  const session = new DatabaseSession(migrations)
  await session.switchTo(database, target)
  const live = new LiveChanges()
  await live.follow(session)
  return { session, live }
}

/** Times `runs` saves in `saver`, each until `hearer` receives its event; the median in ms. */
async function timeEvents(saver: { session: DatabaseSession; live: LiveChanges }, hearer: LiveChanges, runs: number): Promise<number> {
  const served = servedResource('agencies')
  let commitSent = 0
  let waiting: ((event: ChangeEvent) => void) | null = null
  const stop = hearer.subscribe('bench', (event) => event.kind === 'change' && waiting?.(event))
  const samples: number[] = []
  try {
    for (let run = 0; run < runs + 5; run++) {
      const heard = new Promise<number>((resolve) => (waiting = () => resolve(performance.now())))
      const batch = { inserts: [{ clientId: 'bench', name: `Latency ${run} ${randomBytes(3).toString('hex')}` }], updates: [], deletes: [], restores: [] }
      // The app's save (announcingSave) with the clock started after its NOTIFY, as the COMMIT goes out.
      await served.save(saver.session.database.db, batch, async (tx, result) => {
        await announce(tx, served, changedIds(batch, result), { instance: saver.live.instanceId, client: null })
        commitSent = performance.now()
      })
      // The first runs warm up connections and statements.
      if (run >= 5) samples.push((await heard) - commitSent)
      else await heard
    }
  } finally {
    stop()
  }
  return median(samples)
}

/** The median event latency on a fresh database of the PostgreSQL server at `serverUrl`, two instances. */
async function postgresLatency(serverUrl: string, runs: number): Promise<number> {
  const name = `roster_bench_events_${randomBytes(4).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database "${name}"`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const target: DatabaseTarget = { kind: 'postgres', url: url.toString() }
  const opened: Database[] = []
  const instances: Awaited<ReturnType<typeof instance>>[] = []
  try {
    for (let i = 0; i < 2; i++) opened.push(await openDatabase(target))
    await applyMigrations(opened[0]!, migrations)
    for (const database of opened) instances.push(await instance(database, target))
    return await timeEvents(instances[0]!, instances[1]!.live, runs)
  } finally {
    await Promise.allSettled(instances.map((i) => i.live.close()))
    await Promise.allSettled(opened.map((database) => database.close()))
    await admin.unsafe(`drop database if exists "${name}" with (force)`)
    await admin.end()
  }
}

/** The median event latency between two listeners of one in-memory PGlite. */
async function pgliteLatency(runs: number): Promise<number> {
  const target: DatabaseTarget = { kind: 'embedded', dataDir: 'memory://' }
  const database = await openDatabase(target)
  const listeners: Awaited<ReturnType<typeof instance>>[] = []
  try {
    await applyMigrations(database, migrations)
    for (let i = 0; i < 2; i++) listeners.push(await instance(database, target))
    return await timeEvents(listeners[0]!, listeners[1]!.live, runs)
  } finally {
    await Promise.allSettled(listeners.map((l) => l.live.close()))
    await database.close()
  }
}

/** Prints `event latency: N ms (…)` for PostgreSQL and PGlite; returns the medians. */
export async function benchEventLatency(serverUrl: string, runs = 50): Promise<{ postgres: number; pglite: number }> {
  const medians = { postgres: await postgresLatency(serverUrl, runs), pglite: await pgliteLatency(runs) }
  console.log(`event latency: ${ms(medians.postgres)} ms (PostgreSQL: COMMIT sent in one instance → event in another, median of ${runs})`)
  console.log(`event latency: ${ms(medians.pglite)} ms (PGlite: two listeners on one embedded instance, median of ${runs})`)
  return medians
}
