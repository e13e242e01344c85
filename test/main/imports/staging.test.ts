import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, queryRows, type Database } from '../../../src/main/db/client'
import { importTransaction } from '../../../src/main/imports/staging'
import { z } from 'zod'
import { createPostgresDatabase, engines, openMigrated, type TestDatabase } from '../../support/databases'

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
})

describe.each(engines)('staged rows on %s', (engine) => {
  let opened: TestDatabase

  beforeAll(async () => {
    opened = await openMigrated(engine)
  })
  afterAll(() => opened?.cleanup())

  it('get time-ordered ids (UUIDv7), so an import’s new keys land together in the id indexes', async () => {
    const ids = await importTransaction(
      opened.database,
      async ({ tx, stage }) => {
        const loader = await stage([{ name: 'row', type: 'int' }])
        for (let row = 1; row <= 3; row++) await loader.write([row])
        await loader.end()
        const first = await queryRows(tx, z.object({ id: z.string() }), sql`select new_id::text as id from import_rows order by row`)
        await new Promise((resolve) => setTimeout(resolve, 5))
        await tx.execute(sql`insert into import_rows (row) values (4)`)
        const later = await queryRows(tx, z.object({ id: z.string() }), sql`select new_id::text as id from import_rows where row = 4`)
        return [...first, ...later].map((r) => r.id)
      },
      { commit: false },
    )
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    const millis = ids.map((id) => parseInt(id.replace(/-/g, '').slice(0, 12), 16))
    expect(Math.abs(millis[0]! - Date.now())).toBeLessThan(60_000)
    expect(millis[3]!).toBeGreaterThan(millis[2]!)
    expect(new Set(ids).size).toBe(4)
  })
})
