import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, queryRows, type Database } from '../../../src/main/db/client'
import { importTransaction } from '../../../src/main/imports/staging'
import { z } from 'zod'
import { createPostgresDatabase } from '../../support/databases'

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
