import { like, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { openDatabase, queryRows } from '../../../src/main/db/client'
import { isoFromTimestamptz } from '../../../src/main/db/iso-timestamps'
import { applyMigrations } from '../../../src/main/db/migrations'
import { users } from '../../../src/main/db/schema/users'
import { isoText, isoTimestamp } from '../../../src/main/services/list-query'
import { ADMIN_URL, createPostgresDatabase, engines, MIGRATIONS, openMigrated, type TestDatabase } from '../../support/databases'

describe.each(engines)('timestamps as the API sends them on %s', (engine) => {
  let test: TestDatabase
  beforeAll(async () => {
    test = await openMigrated(engine)
  }, 120_000)
  afterAll(() => test?.cleanup())

  it('are printed by the database in JavaScript ISO form, whatever the fraction and the session time zone', async () => {
    const instants = ['2026-11-15T01:18:29.959Z', '2026-11-15T01:18:29.950Z', '2026-11-15T01:18:29.900Z', '2026-11-15T01:18:29.000Z']
    for (const [i, at] of instants.entries()) {
      await test.database.db.insert(users).values({ email: `t${i}@example.com`, name: `T ${i}`, createdAt: new Date(at) })
    }
    await test.database.db.execute(sql`set time zone 'Asia/Kolkata'`)
    const rows = await test.database.db
      .select({ createdAt: isoText(users.createdAt), deletedAt: isoText(users.deletedAt) })
      .from(users)
      .orderBy(users.email)
    expect(rows.map((r) => r.createdAt)).toEqual(instants)
    expect(rows.map((r) => r.deletedAt)).toEqual(instants.map(() => null))
    expect(rows.map((r) => new Date(r.createdAt).toISOString())).toEqual(instants)
  })

  it('are cut from the server\'s own print exactly as to_char prints them, in any session time zone', async () => {
    // Whole seconds and fractions (the columns keep milliseconds, rounding the rest away as they are
    // stored), an old year (Amsterdam's local mean time then: +00:19:32), a year before 100, infinity.
    const given = ['2026-11-15 01:18:29', '2026-11-15 01:18:29.1', '2026-11-15 01:18:29.12', '2026-11-15 01:18:29.123', '2026-11-15 01:18:29.9999',
      '1850-06-01 12:00:00.5', '0050-03-01 00:00:00', 'infinity']
    await test.database.db.execute(sql`
      insert into users (email, name, created_at)
      select 'cut' || i || '@example.com', 'Cut ' || i, case when t = 'infinity' then t::timestamptz else (t || '+00')::timestamptz end
      from jsonb_array_elements_text(${JSON.stringify(given)}::jsonb) with ordinality as given(t, i)`)
    for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Amsterdam']) {
      const rows = await test.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('TimeZone', ${zone}, true)`)
        return tx
          .select({ printed: isoText(users.createdAt), cut: isoTimestamp(users.createdAt), none: isoTimestamp(users.deletedAt) })
          .from(users)
          .where(like(users.email, 'cut%'))
          .orderBy(users.createdAt)
      })
      expect(rows.map((r) => r.cut), zone).toEqual(rows.map((r) => r.printed))
      expect(rows.map((r) => r.none)).toEqual(given.map(() => null))
      expect(rows.map((r) => r.cut)).toEqual([
        '0050-03-01T00:00:00.000Z',
        '1850-06-01T12:00:00.500Z',
        '2026-11-15T01:18:29.000Z',
        '2026-11-15T01:18:29.100Z',
        '2026-11-15T01:18:29.120Z',
        '2026-11-15T01:18:29.123Z',
        '2026-11-15T01:18:30.000Z',
        null,
      ])
    }
  })

  it('are cut as to_char prints them from any fraction a timestamptz holds, and any year', async () => {
    const given = ['2026-11-15 01:18:29.1239+00', '2026-11-15 01:18:29.12399+00', '2026-11-15 01:18:29.999999+00', '2000-02-29 23:59:59.9995+00',
      '1850-06-01 12:00:00.000001+00', '0044-03-15 12:00:00.25+00 BC', '0001-01-01 00:00:00+00 BC', '10000-01-01 00:00:00+00', '0001-01-01 00:10:00+00']
    for (const zone of ['UTC', 'Asia/Kolkata', 'Europe/Amsterdam']) {
      const rows = await test.database.db.transaction(async (tx) => {
        await tx.execute(sql`select set_config('TimeZone', ${zone}, true)`)
        return queryRows(
          tx,
          z.object({ text: z.string(), printed: z.string() }),
          sql`select at::text as text, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as printed
            from jsonb_array_elements_text(${JSON.stringify(given)}::jsonb) with ordinality as given(t, i), lateral (select t::timestamptz as at) a
            order by i`,
        )
      })
      expect(rows.map((r) => isoFromTimestamptz(r.text)), zone).toEqual(rows.map((r) => r.printed))
    }
  })
})

describe('a server whose defaults print timestamps otherwise', () => {
  it('still gets ISO text in UTC from Roster\'s sessions (TimeZone and DateStyle at login)', async () => {
    const created = await createPostgresDatabase('roster_test_datestyle')
    const opened = await openDatabase({ kind: 'postgres', url: created.url })
    try {
      const admin = await openDatabase({ kind: 'postgres', url: ADMIN_URL })
      await admin.db.execute(sql.raw(`alter database "${created.name}" set datestyle = 'SQL, DMY'`))
      await admin.db.execute(sql.raw(`alter database "${created.name}" set timezone = 'America/New_York'`))
      await admin.close()
      const database = await openDatabase({ kind: 'postgres', url: created.url })
      try {
        await applyMigrations(database, MIGRATIONS)
        await database.db.insert(users).values({ email: 'style@example.com', name: 'Style', createdAt: new Date('2026-11-15T01:18:29.950Z') })
        // Printed in SQL style at New York time ('11/14/2026 20:18:29.95 EST'), this could not be cut.
        const [row] = await database.db.select({ createdAt: isoTimestamp(users.createdAt) }).from(users)
        expect(row).toEqual({ createdAt: '2026-11-15T01:18:29.950Z' })
      } finally {
        await database.close()
      }
    } finally {
      await opened.close()
      await created.drop()
    }
  })
})
