import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { toApiError } from '../../../src/main/db/pg-sentences'
import { engines, openMigrated, type TestDatabase } from '../../support/databases'

describe.each(engines)('unexpected database errors on %s', (engine) => {
  let test: TestDatabase
  beforeAll(async () => {
    test = await openMigrated(engine)
  })
  afterAll(() => test?.cleanup())

  it('reply and log line carry neither the SQL nor its parameters', async () => {
    // Division by zero has no sentence of its own: it takes the path of every unexpected error.
    const error = await test.database.db
      .execute(sql`select ${'ann.secret@example.com'}::text as email, 1 / ${0}::int as boom`)
      .then(() => null, (e: unknown) => e)
    expect(String(error)).toMatch(/Failed query/)
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const reply = toApiError(error)
      expect(reply.code).toBe('internal')
      const lines = logged.mock.calls.map((args) => args.map(String).join(' '))
      expect(lines).toHaveLength(1)
      for (const text of [JSON.stringify(reply), ...lines]) {
        expect(text).not.toMatch(/select|params|\$1|ann\.secret/i)
      }
      expect(lines[0]).toMatch(/22012/)
      expect(lines[0]).toMatch(/division by zero/)
    } finally {
      logged.mockRestore()
    }
  })
})
