import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Result } from '../../../src/shared/result'
import { call, openApi } from '../../support/api'

/**
 * A user's agency and the agency's "no live users" rule are checked in different transactions
 * (users.save, agencies.save). These tests make the two interleave deterministically: a third
 * connection holds a row lock that parks one save midway, and the test waits until PostgreSQL
 * reports the expected number of blocked backends before going on. Whatever the order, exactly
 * one save may win, and the other says why.
 */
describe('reference checks under concurrency on postgres', () => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let sql: postgres.Sql
  let run = 0

  beforeAll(async () => {
    ctx = await openApi('postgres')
    sql = postgres(ctx.test.url!, { max: 3, onnotice: () => {} })
  })
  afterAll(async () => {
    await sql?.end()
    await ctx?.close()
  })

  /** Backends of this database waiting for a lock someone else holds. */
  const blockedBackends = async () => {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and cardinality(pg_blocking_pids(pid)) > 0`
    return row!.n
  }

  const waitUntilBlocked = async (count: number) => {
    for (let i = 0; i < 1000; i++) {
      if ((await blockedBackends()) >= count) return
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    throw new Error(`Never saw ${count} blocked backends`)
  }

  /** Resolves when the call has answered or is itself waiting for a lock, whichever comes first. */
  const answeredOrBlocked = (pending: Promise<unknown>, blocked: number) => Promise.race([pending, waitUntilBlocked(blocked)])

  /**
   * Runs `statement` in a transaction on a connection of its own and keeps it open until released
   * (committed, or rolled back).
   */
  async function holdLock(statement: (tx: postgres.TransactionSql) => Promise<unknown>) {
    let release!: (rollback: boolean) => void
    const released = new Promise<boolean>((resolve) => (release = resolve))
    let held!: () => void
    const holding = new Promise<void>((resolve) => (held = resolve))
    const done = sql
      .begin(async (tx) => {
        await statement(tx)
        held()
        if (await released) throw new Error('rolled back')
      })
      .catch((error: unknown) => {
        if (!(error instanceof Error && error.message === 'rolled back')) throw error
      })
    await holding
    return async ({ rollback = false } = {}) => {
      release(rollback)
      await done
    }
  }

  async function scenario() {
    const tag = `r${++run}`
    const saved = await call(ctx.api, 'agencies.save', {
      inserts: [
        { clientId: 'doomed', name: `Doomed ${tag}` },
        { clientId: 'other', name: `Other ${tag}` },
      ],
    })
    const doomed = saved.inserted.find((i) => i.clientId === 'doomed')!.id
    const other = saved.inserted.find((i) => i.clientId === 'other')!.id
    const users = await call(ctx.api, 'users.save', {
      inserts: [
        { clientId: 'gone', name: `Gone ${tag}`, email: `gone-${tag}@example.com`, agencyId: doomed },
        { clientId: 'mover', name: `Mover ${tag}`, email: `mover-${tag}@example.com`, agencyId: other },
      ],
    })
    const gone = users.inserted.find((i) => i.clientId === 'gone')!.id
    const mover = users.inserted.find((i) => i.clientId === 'mover')!.id
    await call(ctx.api, 'users.save', { deletes: [{ id: gone }] })
    const updatedAt = async (table: 'agencies' | 'users', id: string) =>
      (await sql<{ at: Date }[]>`select updated_at as at from ${sql(table)} where id = ${id}`)[0]!.at.toISOString()
    return { tag, doomed, other, gone, mover, updatedAt }
  }

  /** Exactly one of the two calls succeeded; the other's refusal is a sentence. */
  function expectOneWinner(results: Result<unknown>[], refusal: RegExp) {
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const failed = results.find((r) => !r.ok)
    expect(failed && !failed.ok && failed.error).toMatchObject({ code: 'constraint', message: expect.stringMatching(refusal) })
  }

  /** The invariant both checks protect: no live user belongs to a deleted agency. */
  const strandedUsers = async (agencyId: string) =>
    (
      await sql<{ n: number }[]>`
        select count(*)::int as n from users u join agencies a on a.id = u.agency_id
        where a.id = ${agencyId} and u.deleted_at is null and a.deleted_at is not null`
    )[0]!.n

  it('restoring a user, then deleting its agency before the restore commits: the delete is refused', async () => {
    const s = await scenario()
    // Parks the restore at its UPDATE of the user row, after its reference check.
    const release = await holdLock((tx) => tx`select 1 from users where id = ${s.gone} for update`)
    const restore = ctx.api.call('users.save', { restores: [{ id: s.gone }] })
    await waitUntilBlocked(1)
    const remove = ctx.api.call('agencies.save', { deletes: [{ id: s.doomed }] })
    await answeredOrBlocked(remove, 2)
    await release()
    expectOneWinner([await restore, await remove], /still has 1 user/)
    expect(await strandedUsers(s.doomed)).toBe(0)
  })

  it('deleting an agency, then restoring one of its users before the delete commits: the restore is refused', async () => {
    const s = await scenario()
    // Parks the delete at its update of another agency, after it has deleted the doomed one.
    const release = await holdLock((tx) => tx`select 1 from agencies where id = ${s.other} for update`)
    const remove = ctx.api.call('agencies.save', {
      deletes: [{ id: s.doomed }],
      updates: [{ id: s.other, updatedAt: await s.updatedAt('agencies', s.other), changes: { name: `Renamed ${s.tag}` } }],
    })
    await waitUntilBlocked(1)
    const restore = ctx.api.call('users.save', { restores: [{ id: s.gone }] })
    await answeredOrBlocked(restore, 2)
    await release()
    expectOneWinner([await remove, await restore], /is deleted: restore it first/)
    expect(await strandedUsers(s.doomed)).toBe(0)
  })

  it('deleting an agency, then moving a user into it before the delete commits: the move is refused', async () => {
    const s = await scenario()
    const release = await holdLock((tx) => tx`select 1 from agencies where id = ${s.other} for update`)
    const remove = ctx.api.call('agencies.save', {
      deletes: [{ id: s.doomed }],
      updates: [{ id: s.other, updatedAt: await s.updatedAt('agencies', s.other), changes: { name: `Renamed ${s.tag}` } }],
    })
    await waitUntilBlocked(1)
    const move = ctx.api.call('users.save', {
      updates: [{ id: s.mover, updatedAt: await s.updatedAt('users', s.mover), changes: { agencyId: s.doomed } }],
    })
    await answeredOrBlocked(move, 2)
    await release()
    expectOneWinner([await remove, await move], /is deleted/)
    expect(await strandedUsers(s.doomed)).toBe(0)
  })

  it('inserting a user into an agency, then deleting the agency before the insert commits: the delete is refused', async () => {
    const s = await scenario()
    // An uncommitted user with the same email parks the insert at the unique index.
    const email = `twin-${s.tag}@example.com`
    const release = await holdLock((tx) => tx`insert into users (email, name) values (${email}, 'Twin')`)
    const insert = ctx.api.call('users.save', { inserts: [{ clientId: 'new', name: `New ${s.tag}`, email, agencyId: s.doomed }] })
    await waitUntilBlocked(1)
    const remove = ctx.api.call('agencies.save', { deletes: [{ id: s.doomed }] })
    await answeredOrBlocked(remove, 2)
    // The twin rolls back, so the insert goes through.
    await release({ rollback: true })
    expectOneWinner([await insert, await remove], /still has 1 user/)
    expect(await strandedUsers(s.doomed)).toBe(0)
  })
})
