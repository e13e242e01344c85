import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openApi, refused } from '../support/api'

describe('dispatcher', () => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  beforeAll(async () => {
    ctx = await openApi('pglite')
  })
  afterAll(() => ctx?.close())

  it('refuses an unknown method as not found', async () => {
    const result = await ctx.api.call('users.drop', {})
    expect(result).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no API method named users.drop' } })
  })

  it('refuses malformed input with field errors and runs nothing', async () => {
    const error = await refused(ctx.api, 'users.list', { limit: 5000, extra: true } as never)
    expect(error.code).toBe('validation')
    expect(error.fieldErrors?.map((e) => e.field).sort()).toEqual(['(input)', 'limit'])
    // A list is not saved: its summary says what is wrong without talking of saving.
    expect(error.message).toBe('2 values of this request are not valid')
    const badSave = await refused(ctx.api, 'roles.save', { inserts: [{ clientId: 'a', name: '' }, { clientId: 'b', name: '' }] } as never)
    expect(badSave.message).toMatch(/^\d+ values need fixing before this can be saved$/)
    const notAnObject = await ctx.api.call('agencies.save', 'DROP TABLE users')
    expect(notAnObject.ok).toBe(false)
  })

  it('applies defaults so an empty list query works', async () => {
    const result = await call(ctx.api, 'users.list', {})
    expect(result).toEqual({ rows: [], total: 0, totalExact: true, offset: 0, offsetExact: true, rowsAfter: null, nextCursor: null })
  })

  it('reports the database: kind, label, server version and schema state', async () => {
    const status = await call(ctx.api, 'database.status', {})
    expect(status).toMatchObject({ kind: 'embedded', label: 'Embedded database', schema: { state: 'ready', pending: [] } })
    expect(status.serverVersion).toMatch(/^\d+\.\d+/)
  })

  it('turns a closed database into a connection error, not a crash', async () => {
    // A PostgreSQL database of its own: opening a second PGlite (initdb) would cost most of the test's time.
    const own = await openApi('postgres')
    try {
      await own.session.close()
      const error = await refused(own.api, 'roles.list', {})
      expect(error).toEqual({ code: 'connection', message: 'No database is open. Choose one on the Connection screen.' })
    } finally {
      await own.close()
    }
  })
})
