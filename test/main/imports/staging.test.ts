import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { openDatabase, queryRows, type Database } from '../../../src/main/db/client'
import { importTransaction } from '../../../src/main/imports/staging'
import { z } from 'zod'
import type { TcpProxy } from '../../fixtures/tcp-proxy'
import { createPostgresDatabase, openThroughProxy } from '../../support/databases'

const planCacheMode = z.object({ plan_cache_mode: z.string() })

describe('the import transaction on postgres', () => {
  let created: Awaited<ReturnType<typeof createPostgresDatabase>>
  let database: Database

  beforeAll(async () => {
    created = await createPostgresDatabase()
    database = await openDatabase({ kind: 'postgres', url: created.url })
  })
  afterAll(async () => {
    await database?.close()
    await created?.drop()
  })

  it('lets PostgreSQL keep generic plans (its foreign-key checks run one per row), and only there', async () => {
    const inside = await importTransaction(database, ({ tx }) => queryRows(tx, planCacheMode, sql`show plan_cache_mode`), { commit: false })
    expect(inside).toEqual([{ plan_cache_mode: 'auto' }])
    // Roster's own reads keep planning for their values.
    expect(await queryRows(database.db, planCacheMode, sql`show plan_cache_mode`)).toEqual([{ plan_cache_mode: 'force_custom_plan' }])
  })

  describe('cancelled from another connection', () => {
    let proxied: Awaited<ReturnType<typeof openThroughProxy>>
    let proxy: TcpProxy
    let slow: Database

    // Each test starts with a pool of no connections, so the cancel's has to be opened.
    beforeEach(async () => {
      proxied = await openThroughProxy(created.url)
      ;({ proxy, database: slow } = proxied)
    })
    afterEach(async () => {
      await proxied?.close()
    })

    const pidRow = z.object({ pid: z.number() })

    /**
     * An import whose work sends its cancel (and, given `meanwhile`, waits for it before it ends);
     * then the next queries, one on each connection the pool holds (the import's among them),
     * running for `seconds` around when the cancel arrives. Whether the import's was among them.
     */
    async function nextQueriesAfterCancel(seconds: number, meanwhile?: () => Promise<void>): Promise<boolean> {
      await slow.db.execute(sql`select 1`)
      const importPid = await importTransaction(
        slow,
        async ({ tx, cancelStatement }) => {
          void cancelStatement()
          await meanwhile?.()
          return (await queryRows(tx, pidRow, sql`select pg_backend_pid() as pid`))[0]!.pid
        },
        { commit: false },
      )
      proxy.delayConnections(0)
      const next = [0, 1, 2, 3].map(() => queryRows(slow.db, pidRow, sql`select pg_backend_pid() as pid from pg_sleep(${seconds})`))
      return (await Promise.all(next)).some(([row]) => row!.pid === importPid)
    }

    it('lets no cancel that arrives after the transaction ended reach the next query on its connection', async () => {
      // The pool's one connection is the import's; the cancel is sent on a new one, which takes
      // 300 ms to open: by then the import has ended and its connection serves the next query.
      proxy.delayConnections(300)
      expect(await nextQueriesAfterCancel(0.5)).toBe(true)
    })

    it('keeps its connection until the very cancel it sent has arrived, however slow that one is', async () => {
      // The cancel's connection takes 400 ms to open; any opened after it, 50 ms: a second cancel
      // request, sent later, would arrive first, and the first would land on the next query.
      await slow.db.execute(sql`select 1`)
      const accepted = proxy.connections().accepted
      proxy.delayConnections(400)
      const cancelConnecting = async () => {
        await vi.waitFor(() => expect(proxy.connections().accepted).toBeGreaterThan(accepted))
        proxy.delayConnections(50)
      }
      expect(await nextQueriesAfterCancel(0.8, cancelConnecting)).toBe(true)
    })
  })
})
