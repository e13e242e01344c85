import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { users } from '../../../src/main/db/schema/users'
import { isoText } from '../../../src/main/services/list-query'
import { engines, openMigrated, type TestDatabase } from '../../support/databases'

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
})
