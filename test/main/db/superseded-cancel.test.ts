import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../../src/main/db/client'
import { runSuperseding } from '../../../src/main/db/superseding'
import type { TcpProxy } from '../../fixtures/tcp-proxy'
import { createPostgresDatabase, openThroughProxy } from '../../support/databases'
import { holdTableLock } from '../../support/table-lock'

/**
 * A superseded call's cancel request travels on a new connection: here the TCP proxy holds new
 * connections 300 ms, so the statement it was for ends first, and the request would reach the
 * server while the pool runs the next query on that statement's connection.
 */
describe('a superseded call on postgres', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>
  let admin: postgres.Sql
  let proxied: Awaited<ReturnType<typeof openThroughProxy>>
  let proxy: TcpProxy
  let database: Database

  beforeAll(async () => {
    created = await createPostgresDatabase()
    admin = postgres(created.url, { max: 2, onnotice: () => {} })
    await admin`create table t (x int)`
    proxied = await openThroughProxy(created.url)
    ;({ proxy, database } = proxied)
  })
  afterAll(async () => {
    await proxied?.close()
    await admin?.end()
    await created?.drop()
  })

  const waitingForLock = async () =>
    (await admin<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)[0]!.n
  // Async, so the statement is sent at once (Drizzle's query runs when it is awaited).
  const countRows = async (db: Database['db']) => db.execute(sql`select count(*) from t`)

  it('leaves its cancel request to no other query on its connection', async () => {
    await database.db.execute(sql`select 1`)
    const unlockFirst = await holdTableLock(admin, 't')
    const first = runSuperseding(database, 'grid', countRows)
    await expect.poll(waitingForLock).toBe(1)
    proxy.delayConnections(300)
    const superseded = Date.now()
    const second = runSuperseding(database, 'grid', (db) => db.execute(sql`select 1`))
    // The first call's statement ends now, long before its cancel request arrives.
    await unlockFirst()
    await first.catch(() => {})
    proxy.delayConnections(0)

    // The next queries, one on each connection of the pool (the first call's among them), held
    // at a lock while the cancel request would arrive.
    const unlockNext = await holdTableLock(admin, 't')
    const next = [0, 1, 2, 3].map(() => countRows(database.db))
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, superseded + 600 - Date.now())))
    await unlockNext()
    const settled = await Promise.allSettled(next)
    expect(settled.map((s) => (s.status === 'rejected' ? String((s.reason as Error).cause ?? s.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok', 'ok'])
    await second
  })
})
