import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../../src/main/api'
import { openDatabase, type Database } from '../../../src/main/db/client'
import { applyMigrations, databaseStatus } from '../../../src/main/db/migrations'
import { toApiError } from '../../../src/main/db/pg-sentences'
import { preparing } from '../../../src/main/db/preparing-client'
import { LiveChanges } from '../../../src/main/events/live-changes'
import { THROUGH_TRANSACTION_POOLER } from '../../../src/main/events/listener'
import { DatabaseSession } from '../../../src/main/session'
import type { LiveEvent, RosterEvent } from '../../../src/shared/contract/events'
import type { Dispatcher } from '../../../src/main/api'
import { call } from '../../support/api'
import { parsePostgresUrl } from '../../../src/shared/postgres-url'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { createPostgresDatabase, MIGRATIONS } from '../../support/databases'
import { startPgBouncer, type PgBouncer } from '../../support/pgbouncer'

/** A dispatcher over `database`, opened as `target` says, with change events followed by `live`. */
async function apiOver(url: string, live: LiveChanges, directUrl?: string) {
  const session = new DatabaseSession(MIGRATIONS)
  await session.open({ kind: 'postgres', url, ...(directUrl ? { directUrl } : {}) })
  const data = temporaryDataDir()
  const api: Dispatcher = createApi({ session, connections: connectionHandlersFor(session, data.dir).handlers, announcer: live })
  await live.follow(session)
  return {
    api,
    session,
    async close() {
      await live.close()
      await session.close()
      data.remove()
    },
  }
}

const liveStates = (events: RosterEvent[]) => events.filter((e): e is LiveEvent => e.kind === 'live').map((e) => e.state)

describe('through PgBouncer in transaction mode', () => {
  let bouncer: PgBouncer
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>
  let database: Database

  beforeAll(async () => {
    bouncer = await startPgBouncer({ mode: 'transaction', poolSize: 5 })
    created = await createPostgresDatabase()
    database = await openDatabase({ kind: 'postgres', url: bouncer.urlFor(created.name) })
    await applyMigrations(database, MIGRATIONS)
  })
  afterAll(async () => {
    await database?.close()
    await created?.drop()
    await bouncer?.stop()
  })

  it('notices the pooler by its refusal of the startup settings, and says so in the connection test', async () => {
    expect(database.pooler).toBe('transaction')
    const status = await databaseStatus(database, MIGRATIONS)
    expect(status).toMatchObject({ pooler: 'transaction', schema: { state: 'ready' } })
  })

  it('takes ?pgbouncer=true at its word, without sending it on as a startup parameter', async () => {
    const declared = await openDatabase({ kind: 'postgres', url: `${bouncer.urlFor(created.name)}?pgbouncer=true` })
    try {
      expect(declared.pooler).toBe('transaction')
      expect(await declared.db.execute(sql`select 1 as one`)).toEqual([{ one: 1 }])
    } finally {
      await declared.close()
    }
  })

  it('applies the settings in each transaction, for that transaction alone', async () => {
    const inside = await database.db.transaction((tx) =>
      tx.execute(sql`select current_setting('statement_timeout') as timeout, current_setting('TimeZone') as zone, current_setting('DateStyle') as style,
        current_setting('max_parallel_workers_per_gather') as workers, current_setting('jit') as jit`),
    )
    expect(inside).toEqual([{ timeout: '30s', zone: 'UTC', style: 'ISO, MDY', workers: '1', jit: 'off' }])
    // The next transaction, on whichever server session, starts from the server's default again.
    const after = await database.db.execute(sql`select current_setting('statement_timeout') as timeout`)
    expect(after).toEqual([{ timeout: '0' }])
  })

  it('keeps a read-only connection read-only in every transaction, not only from the next one', async () => {
    const readOnly = await openDatabase({ kind: 'postgres', url: bouncer.urlFor(created.name), readOnly: true })
    try {
      const sneak = () => readOnly.db.transaction((tx) => tx.execute(sql`insert into agencies (name) values ('Sneaked in')`))
      for (let i = 0; i < 3; i++) await expect(sneak()).rejects.toMatchObject({ cause: { code: '25006' } })
    } finally {
      await readOnly.close()
    }
  })

  it('times out a statement outside any transaction from the client, through the pooler', async () => {
    const client = preparing(postgres(bouncer.urlFor(created.name), { max: 1, prepare: false, onnotice: () => {} }), {
      transactionSettings: {},
      clientTimeoutMs: 300,
    })
    try {
      const started = performance.now()
      const error = await client.unsafe('select pg_sleep(10)').catch((e: unknown) => e)
      expect(toApiError(error)).toEqual({ code: 'internal', message: 'The query took too long and was cancelled.' })
      expect(performance.now() - started).toBeLessThan(5_000)
      // The connection is usable at once: the cancel stopped that statement, nothing else.
      expect(await client.unsafe('select 2 as two')).toEqual([{ two: 2 }])
    } finally {
      await client.end()
    }
  })

  it('serves 50 concurrent reads with a server pool of 5, and saves with conflicts', async () => {
    const live = new LiveChanges()
    const app = await apiOver(bouncer.urlFor(created.name), live)
    try {
      const saved = await call(app.api, 'agencies.save', { inserts: Array.from({ length: 60 }, (_, i) => ({ clientId: `a${i}`, name: `Agency ${i}` })) })
      expect(saved.inserted).toHaveLength(60)
      const pages = await Promise.all(Array.from({ length: 50 }, (_, i) => call(app.api, 'agencies.list', { limit: 10, search: `Agency ${i}`, fresh: true })))
      expect(pages.every((page) => page.rows.length >= 1)).toBe(true)

      const [row] = (await call(app.api, 'agencies.list', { search: 'Agency 7', limit: 1 })).rows
      await call(app.api, 'agencies.save', { updates: [{ id: row!.id, updatedAt: row!.updatedAt, changes: { name: 'Agency seven' } }] })
      const stale = await app.api.call('agencies.save', { updates: [{ id: row!.id, updatedAt: row!.updatedAt, changes: { name: 'Agency 7 again' } }] })
      expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } })
    } finally {
      await app.close()
    }
  })

  it('says live updates are off and why, unless the connection has a direct URL for them', async () => {
    const pooledOnly = new LiveChanges()
    const events: RosterEvent[] = []
    pooledOnly.subscribe('window', (event) => events.push(event))
    const app = await apiOver(bouncer.urlFor(created.name), pooledOnly)
    try {
      expect(pooledOnly.state).toEqual({ kind: 'live', state: 'unavailable', message: THROUGH_TRANSACTION_POOLER, resync: false })
      expect(liveStates(events)).toEqual(['idle', 'unavailable'])
    } finally {
      await app.close()
    }

    const withDirect = new LiveChanges()
    const changes: RosterEvent[] = []
    withDirect.subscribe('window', (event) => changes.push(event))
    const direct = await apiOver(bouncer.urlFor(created.name), withDirect, created.url)
    try {
      expect(withDirect.state.state).toBe('live')
      await call(direct.api, 'roles.save', { inserts: [{ clientId: 'r', name: 'Auditor' }] })
      await expect.poll(() => changes.some((e) => e.kind === 'change' && e.resource === 'roles')).toBe(true)
    } finally {
      await direct.close()
    }
  })
})

describe('through PgBouncer in session mode', () => {
  let bouncer: PgBouncer
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>

  beforeAll(async () => {
    bouncer = await startPgBouncer({ mode: 'session', poolSize: 5 })
    created = await createPostgresDatabase()
    const database = await openDatabase({ kind: 'postgres', url: created.url })
    await applyMigrations(database, MIGRATIONS).finally(() => database.close())
  })
  afterAll(async () => {
    await created?.drop()
    await bouncer?.stop()
  })

  it('notices a session pooler and keeps live updates through it', async () => {
    const live = new LiveChanges()
    const changes: RosterEvent[] = []
    live.subscribe('window', (event) => changes.push(event))
    const app = await apiOver(bouncer.urlFor(created.name), live)
    try {
      expect(app.session.database.pooler).toBe('session')
      expect(live.state.state).toBe('live')
      await call(app.api, 'roles.save', { inserts: [{ clientId: 'r', name: 'Auditor' }] })
      await expect.poll(() => changes.some((e) => e.kind === 'change' && e.resource === 'roles')).toBe(true)
    } finally {
      await app.close()
    }
  })
})

describe('a URL that declares its pooler', () => {
  it('reads ?pgbouncer=true as a transaction pooler and leaves it out of what the driver sees', () => {
    const parsed = parsePostgresUrl('postgres://ann@db.example:6543/crm?pgbouncer=true&application_name=x')
    expect(parsed).toMatchObject({ url: 'postgres://ann@db.example:6543/crm?application_name=x', declaredPooler: 'transaction' })
    expect(parsePostgresUrl('postgres://ann@db.example/crm').declaredPooler).toBeNull()
  })
})

describe('straight to PostgreSQL', () => {
  it('finds no pooler', async () => {
    const created = await createPostgresDatabase()
    const database = await openDatabase({ kind: 'postgres', url: created.url })
    try {
      expect(database.pooler).toBeNull()
      expect(await database.db.execute(sql`select current_setting('statement_timeout') as timeout`)).toEqual([{ timeout: '30s' }])
    } finally {
      await database.close()
      await created.drop()
    }
  })
})
