import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { Result } from '../../../src/shared/result'
import { call, openApi } from '../../support/api'
import { holdTableLock } from '../../support/table-lock'

/**
 * `supersede` names belong to one client and one method: a grid's count must not cancel the same
 * grid's list, nor another window's count. Every read is held at a table lock taken by a third
 * connection, so all calls overlap whatever the machine's speed; then the lock is let go.
 */
describe('supersede scope on postgres', () => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let sql: postgres.Sql

  beforeAll(async () => {
    ctx = await openApi('postgres')
    await call(ctx.api, 'users.save', {
      inserts: Array.from({ length: 5 }, (_, i) => ({ clientId: `u${i}`, name: `User ${i}`, email: `user${i}@example.com` })),
    })
    sql = postgres(ctx.test.url!, { max: 2, onnotice: () => {} })
  })
  afterAll(async () => {
    await sql?.end()
    await ctx?.close()
  })

  const blockedBackends = async () =>
    (
      await sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity
        where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0`
    )[0]!.n

  it('cancels only within the same client, method and name', async () => {
    const perGroup = 20
    const groups = [
      { clientId: 'window-1', method: 'users.count' },
      { clientId: 'window-1', method: 'users.list' },
      { clientId: 'window-2', method: 'users.count' },
      { clientId: 'window-2', method: 'users.list' },
    ] as const
    const unlock = await holdTableLock(sql, 'users')

    let settled = 0
    const calls: { group: number; index: number; result: Promise<Result<unknown>> }[] = []
    for (let index = 0; index < perGroup; index++) {
      groups.forEach(({ clientId, method }, group) => {
        // Distinct searches, so no call is answered from the list cache.
        const input = { supersede: 'grid', search: `user ${group}-${index}` }
        const result = ctx.api.call(method, input, { clientId })
        void result.finally(() => settled++)
        calls.push({ group, index, result })
      })
    }
    // All but one call per group give way; the survivors wait at the lock.
    try {
      await vi.waitFor(
        async () => {
          expect(settled).toBe(calls.length - groups.length)
          expect(await blockedBackends()).toBe(groups.length)
        },
        { timeout: 30_000, interval: 20 },
      )
    } finally {
      await unlock()
    }

    const results = await Promise.all(calls.map(async (c) => ({ ...c, outcome: await c.result })))
    const survivor = (index: number) => index === perGroup - 1
    for (const { group, index, outcome } of results) {
      expect(outcome, `group ${group} call ${index}`).toMatchObject(survivor(index) ? { ok: true } : { ok: false, error: { code: 'cancelled' } })
    }
  }, 60_000)
})
