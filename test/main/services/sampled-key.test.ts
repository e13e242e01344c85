import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, queryRows, type Database } from '../../../src/main/db/client'
import { applyMigrations } from '../../../src/main/db/migrations'
import { runSuperseding } from '../../../src/main/db/superseding'
import { EXACT_COUNT_BELOW } from '../../../src/main/services/list-total'
import { listUsers, saveUsers } from '../../../src/main/services/users'
import { userListQuery, userSaveBatch, type UserListQuery } from '../../../src/shared/schemas/users'
import { bulkFill } from '../../support/bulk-fill'
import { createPostgresDatabase, engines, MIGRATIONS, openMigrated } from '../../support/databases'

/**
 * Users in random name order, seven in eight active, created a minute apart up to the start of
 * 2026: every view below keeps more than EXACT_COUNT_BELOW rows, so it is sampled.
 */
const USERS = 64_000
const START = Date.UTC(2026, 0, 1)
const minutesBefore = (minutes: number) => new Date(START - minutes * 60_000).toISOString()
/** How far from the asked position a sampled one may land, as a share of the view (a ±1 % sample, with room). */
const TOLERANCE = 0.02

describe.each(engines)('deep jumps into a large filtered view on %s', (engine) => {
  let database: Database
  let cleanup: () => Promise<void>

  beforeAll(async () => {
    if (engine === 'postgres') {
      // One connection: the statistics it flushes on request are those of every statement the service ran.
      const created = await createPostgresDatabase()
      database = await openDatabase({ kind: 'postgres', url: `${created.url}?max=1` })
      await applyMigrations(database, MIGRATIONS)
      cleanup = () => database.close().finally(() => created.drop())
    } else {
      const test = await openMigrated(engine)
      database = test.database
      cleanup = test.cleanup
    }
    const run = (text: string) => queryRows(database.db, z.unknown(), sql.raw(text))
    await bulkFill(run, 'users', () =>
      run(`
        insert into users (email, name, is_active, created_at, updated_at)
        select 'u' || g || '@x.io', left(md5(g::text), 8), g % 8 <> 0,
               '${minutesBefore(0)}'::timestamptz - (g || ' minutes')::interval, now()
        from generate_series(1, ${USERS}) g`),
    )
    await run('analyze users')
  }, 120_000)
  afterAll(() => cleanup?.())

  /**
   * Rows scans have read from users one by one, sample scans included; a keyset seek reads by
   * index and adds none. The connection's pending statistics are flushed first.
   */
  const rowsScanned = async () => {
    await database.db.execute(sql`select pg_stat_force_next_flush()`)
    const scanned = sql`select seq_tup_read::int as n from pg_stat_user_tables where relname = 'users'`
    const [row] = await queryRows(database.db, z.object({ n: z.number() }), scanned)
    return row!.n
  }

  /** A jump as the grid makes it (a read superseding the last, in a transaction of its own), and the rows scanned for it. */
  async function jump(query: UserListQuery, fraction: number) {
    const before = await rowsScanned()
    const estimate = (await listUsers(database.db, userListQuery.parse({ ...query, limit: 1 }))).total
    expect(estimate).toBeGreaterThanOrEqual(EXACT_COUNT_BELOW)
    const offset = Math.floor(estimate * fraction)
    const page = await runSuperseding(database, 'users-jump', (db) => listUsers(db, userListQuery.parse({ ...query, offset, limit: 20 })))
    expect(page).toMatchObject({ offset, offsetExact: false })
    return { page, scanned: (await rowsScanned()) - before }
  }

  /** Where the page's first row stands in the view, as a share of it: `where` is the view's filter by hand. */
  async function positionOf(row: { name: string; id: string }, where: ReturnType<typeof sql>) {
    const [counts] = await queryRows(
      database.db,
      z.object({ before: z.number(), all: z.number() }),
      sql`select count(*) filter (where (name, id) < (${row.name}, ${row.id}::uuid))::int as before, count(*)::int as all
          from users where deleted_at is null and ${where}`,
    )
    return counts!.before / counts!.all
  }

  const active: UserListQuery = { filters: { isActive: true }, sort: [{ column: 'name', direction: 'asc' }] }

  it('samples a view once: every later jump into it is a keyset seek, and lands where asked', async () => {
    const first = await jump(active, 0.5)
    expect(first.scanned).toBeGreaterThan(1_000)
    expect(Math.abs((await positionOf(first.page.rows[0]!, sql`is_active`)) - 0.5)).toBeLessThan(TOLERANCE)
    for (const fraction of [0.3, 0.8, 0.5]) {
      const again = await jump(active, fraction)
      expect(again.scanned, `jump to ${fraction}`).toBe(0)
      expect(again.page.rows).toHaveLength(20)
      expect(Math.abs((await positionOf(again.page.rows[0]!, sql`is_active`)) - fraction)).toBeLessThan(TOLERANCE)
    }
  })

  it('samples again for another filter value, and after a save through the users service', async () => {
    const since = (minutes: number): UserListQuery => ({
      filters: { createdAt: { op: 'after', value: minutesBefore(minutes) } },
      sort: [{ column: 'name', direction: 'asc' }],
    })
    expect((await jump(since(60_000), 0.6)).scanned).toBeGreaterThan(1_000)
    expect((await jump(since(60_000), 0.4)).scanned).toBe(0)
    const other = await jump(since(56_000), 0.6)
    expect(other.scanned).toBeGreaterThan(1_000)
    const position = await positionOf(other.page.rows[0]!, sql`created_at >= ${minutesBefore(56_000)}::timestamptz`)
    expect(Math.abs(position - 0.6)).toBeLessThan(TOLERANCE)
    expect((await jump(active, 0.5)).scanned).toBe(0)

    await saveUsers(database.db, userSaveBatch.parse({ inserts: [{ clientId: 'new', name: 'New user', email: 'new.user@example.com' }] }))
    expect((await jump(since(56_000), 0.6)).scanned).toBeGreaterThan(1_000)
    expect((await jump(active, 0.5)).scanned).toBeGreaterThan(1_000)
  })
})
