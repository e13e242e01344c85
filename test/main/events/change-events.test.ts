import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Dispatcher } from '../../../src/main/api'
import { openDatabase } from '../../../src/main/db/client'
import { announce } from '../../../src/main/events/announce'
import { LiveChanges } from '../../../src/main/events/live-changes'
import { servedResource } from '../../../src/main/resources'
import { LISTENER_APPLICATION_NAME } from '../../../src/main/events/listener'
import { DatabaseSession } from '../../../src/main/session'
import type { ChangeEvent, LiveEvent, RosterEvent } from '../../../src/shared/contract/events'
import type { MethodInput, MethodName, MethodOutput } from '../../../src/shared/contract'
import { openApi } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { ADMIN_URL, engines, MIGRATIONS } from '../../support/databases'

/** Every event a window (by client id) was sent, in order. */
function recorder(live: LiveChanges, clientId: string) {
  const events: RosterEvent[] = []
  live.subscribe(clientId, (event) => events.push(event))
  return {
    events,
    changes: () => events.filter((e): e is ChangeEvent => e.kind === 'change'),
    states: () => events.filter((e): e is LiveEvent => e.kind === 'live'),
  }
}

async function callAs<M extends MethodName>(api: Dispatcher, clientId: string, method: M, input: MethodInput<M>) {
  const result = await api.call(method, input, { clientId })
  if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`)
  return result.data as MethodOutput<M>
}

describe.each(engines)('change events on %s', (engine) => {
  const live = new LiveChanges()
  let ctx: Awaited<ReturnType<typeof openApi>>

  beforeAll(async () => {
    ctx = await openApi(engine, { announcer: live })
    await live.follow(ctx.session)
  })
  afterAll(async () => {
    await live.close()
    await ctx?.close()
  })

  it('a committed save reaches every window with its rows and their new updatedAt; the window that saved hears it as its own', async () => {
    const mine = recorder(live, 'window-a')
    const other = recorder(live, 'window-b')
    expect(other.states()).toEqual([{ kind: 'live', state: 'live', message: null, resync: false }])

    const saved = await callAs(ctx.api, 'window-a', 'agencies.save', { inserts: [{ clientId: 'n', name: 'Northwind' }] })
    const id = saved.inserted[0]!.id
    await expect.poll(() => other.changes().length).toBe(1)
    const { rows } = await callAs(ctx.api, 'window-a', 'agencies.list', { search: 'Northwind' })
    expect(other.changes()[0]).toEqual({ kind: 'change', resource: 'agencies', rows: [{ id, updatedAt: rows[0]!.updatedAt }], more: false, byYou: false })
    await expect.poll(() => mine.changes().length).toBe(1)
    expect(mine.changes()[0]).toMatchObject({ resource: 'agencies', byYou: true })
  })

  it('a save that fails after writing part of its batch sends nothing', async () => {
    const watcher = recorder(live, 'watcher')
    const saved = await callAs(ctx.api, 'writer', 'agencies.save', {
      inserts: [
        { clientId: 'f', name: 'Fresh Agency' },
        { clientId: 's', name: 'Stale Agency' },
      ],
    })
    await expect.poll(() => watcher.changes().length).toBe(1)
    const { rows } = await callAs(ctx.api, 'writer', 'agencies.list', { search: 'Agency' })
    const [fresh, stale] = [rows.find((r) => r.name === 'Fresh Agency')!, rows.find((r) => r.name === 'Stale Agency')!]
    expect(saved.inserted).toHaveLength(2)

    // The fresh row is updated inside the transaction, then the stale one refuses the whole batch.
    const refused = await ctx.api.call(
      'agencies.save',
      {
        updates: [
          { id: fresh.id, updatedAt: fresh.updatedAt, changes: { name: 'Fresh Renamed' } },
          { id: stale.id, updatedAt: '2000-01-01T00:00:00.000Z', changes: { name: 'Stale Renamed' } },
        ],
      },
      { clientId: 'writer' },
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } })

    // A save after it is the very next event: the refused one announced nothing.
    await callAs(ctx.api, 'writer', 'agencies.save', { updates: [{ id: fresh.id, updatedAt: fresh.updatedAt, changes: { name: 'Marker' } }] })
    await expect.poll(() => watcher.changes().length).toBe(2)
    expect(watcher.changes()[1]!.rows.map((r) => r.id)).toEqual([fresh.id])
  })

  it('a notice sent in a transaction is delivered when it commits, never when it rolls back', async () => {
    const watcher = recorder(live, 'watcher-tx')
    const saved = await callAs(ctx.api, 'writer', 'roles.save', { inserts: [{ clientId: 'r', name: 'Announced Role' }] })
    await expect.poll(() => watcher.changes().length).toBe(1)
    const [id] = saved.inserted.map((row) => row.id)
    const origin = { instance: 'elsewhere', client: null }
    const db = ctx.session.database.db
    await expect(
      db.transaction(async (tx) => {
        await announce(tx, servedResource('roles'), [id!], origin)
        throw new Error('rolled back after announcing')
      }),
    ).rejects.toThrow('rolled back after announcing')
    await db.transaction((tx) => announce(tx, servedResource('agencies'), [id!], origin))
    // Only the committed one arrives (an agency notice, so it cannot be mistaken for the role one).
    await expect.poll(() => watcher.changes().length).toBe(2)
    expect(watcher.changes()[1]).toEqual({ kind: 'change', resource: 'agencies', rows: [{ id, updatedAt: null }], more: false, byYou: false })
  })

  it('a batch larger than one notice lists its first rows and says more', async () => {
    const watcher = recorder(live, 'watcher-big')
    const inserts = Array.from({ length: 150 }, (_, i) => ({ clientId: `r${i}`, name: `Role ${i}` }))
    const saved = await callAs(ctx.api, 'writer', 'roles.save', { inserts })
    await expect.poll(() => watcher.changes().length).toBe(1)
    const event = watcher.changes()[0]!
    expect(event).toMatchObject({ resource: 'roles', more: true })
    expect(event.rows.map((r) => r.id)).toEqual(saved.inserted.slice(0, 100).map((r) => r.id))
  })
})

describe('two Roster instances sharing one PostgreSQL database', () => {
  const liveA = new LiveChanges({ retry: { initialMs: 50, maxMs: 500 } })
  const liveB = new LiveChanges({ retry: { initialMs: 50, maxMs: 500 } })
  let a: Awaited<ReturnType<typeof openApi>>
  let b: { api: Dispatcher; session: DatabaseSession; close(): Promise<void> }

  beforeAll(async () => {
    a = await openApi('postgres', { announcer: liveA })
    await liveA.follow(a.session)
    // The second instance: its own pool and session on the same database, as another machine's Roster.
    const url = a.test.url!
    const session = new DatabaseSession(MIGRATIONS)
    await session.switchTo(await openDatabase({ kind: 'postgres', url }), { kind: 'postgres', url })
    const data = temporaryDataDir()
    b = {
      api: createApi({ session, connections: connectionHandlersFor(session, data.dir).handlers, announcer: liveB }),
      session,
      close: async () => {
        await session.close()
        data.remove()
      },
    }
    await liveB.follow(session)
  })
  afterAll(async () => {
    await Promise.all([liveA.close(), liveB.close()])
    await b?.close()
    await a?.close()
  })

  it('a save in one reaches the windows of the other', async () => {
    const inB = recorder(liveB, 'window-a')
    const saved = await callAs(a.api, 'window-a', 'users.save', { inserts: [{ clientId: 'x', name: 'Xavier', email: 'x@example.com' }] })
    await expect.poll(() => inB.changes().length).toBe(1)
    // Same client id, other instance: not this window's own save.
    expect(inB.changes()[0]).toMatchObject({ resource: 'users', rows: [{ id: saved.inserted[0]!.id }], byYou: false })
  })

  it('the listener connection killed with pg_terminate_backend: reconnecting, then live again with a resync, and events flow', async () => {
    const inB = recorder(liveB, 'b-window')
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
    try {
      const killed = await admin`
        select pg_terminate_backend(pid) as done from pg_stat_activity
        where application_name = ${LISTENER_APPLICATION_NAME} and datname = ${new URL(a.test.url!).pathname.slice(1)}`
      expect(killed.length).toBe(2)
    } finally {
      await admin.end()
    }
    await expect.poll(() => inB.states().map((s) => s.state)).toEqual(['live', 'reconnecting', 'live'])
    expect(inB.states()[1]!.message).toMatch(/lost/)
    expect(inB.states()[2]).toEqual({ kind: 'live', state: 'live', message: null, resync: true })

    await callAs(a.api, 'a-window', 'agencies.save', { inserts: [{ clientId: 'y', name: 'After The Kill' }] })
    await expect.poll(() => inB.changes().length).toBe(1)
  })
})
