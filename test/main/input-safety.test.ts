import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest'
import { call, openApi, refused } from '../support/api'
import { engines } from '../support/databases'

/** A cursor as the API encodes one, with whatever values a forger chooses. */
const forgedCursor = (signature: string, values: unknown[]) => Buffer.from(JSON.stringify({ s: signature, v: values })).toString('base64url')

/** What SQL text or a driver's parameter dump looks like inside a reply or a log line. */
const sqlMarkers = [/failed query/i, /params:/i, /\$\d/, /\bselect\b[^]*\bfrom\b/i, /insert into/i, /update "/i, /delete from/i]
const carriesSql = (text: string) => sqlMarkers.some((marker) => marker.test(text))

describe.each(engines)('bad input on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let ann: { id: string; updatedAt: string }
  let roleId: string
  let agency: { id: string; updatedAt: string }
  let consoleSpies: MockInstance[]
  const logged = () => consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' ')))

  beforeAll(async () => {
    ctx = await openApi(engine)
    const roles = await call(ctx.api, 'roles.save', { inserts: [{ clientId: 'r', name: 'Admin' }] })
    roleId = roles.inserted[0]!.id
    await call(ctx.api, 'agencies.save', { inserts: [{ clientId: 'a', name: 'Acme' }] })
    agency = (await call(ctx.api, 'agencies.list', {})).rows[0]!
    await call(ctx.api, 'users.save', { inserts: [{ clientId: 'ann', name: 'Ann Lee', email: 'ann.secret@example.com', roleIds: [roleId] }] })
    ann = (await call(ctx.api, 'users.list', {})).rows[0]!
  })
  afterAll(() => ctx?.close())
  beforeEach(() => {
    consoleSpies = (['error', 'warn', 'log', 'info'] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => {}))
  })
  afterEach(() => {
    expect(logged().filter(carriesSql)).toEqual([])
    vi.restoreAllMocks()
  })

  describe('item 7: NUL bytes and forged cursors are validation errors, never SQL', () => {
    it('refuses a NUL in search, filters and names, naming the field', async () => {
      const search = await refused(ctx.api, 'users.list', { search: 'ann\u0000' })
      expect(search).toMatchObject({ code: 'validation', fieldErrors: [{ field: 'search' }] })
      const filter = await refused(ctx.api, 'users.list', { filters: { email: 'ann.secret\u0000' } })
      expect(filter).toMatchObject({ code: 'validation', fieldErrors: [{ field: 'filters.email' }] })
      const name = await refused(ctx.api, 'users.save', { inserts: [{ clientId: 'x', name: 'Bad\u0000Name', email: 'bad@example.com' }] })
      expect(name).toMatchObject({ code: 'validation', fieldErrors: [{ rowId: 'x', field: 'name' }] })
      const agencyName = await refused(ctx.api, 'agencies.save', {
        updates: [{ id: agency.id, updatedAt: agency.updatedAt, changes: { name: 'Ac\u0000me' } }],
      })
      expect(agencyName).toMatchObject({ code: 'validation', fieldErrors: [{ rowId: agency.id, field: 'name' }] })
      for (const error of [search, filter, name, agencyName]) expect(carriesSql(JSON.stringify(error))).toBe(false)
    })

    it('refuses a forged cursor whose values do not fit the sort it claims', async () => {
      const uuid = ann.id
      const forged: [sort: { column: 'name' | 'isActive' | 'createdAt' | 'agencyName'; direction: 'asc' | 'desc' }[], values: unknown[]][] = [
        [[{ column: 'name', direction: 'asc' }], ['Ann', 'not-a-uuid']],
        [[{ column: 'name', direction: 'asc' }], [42, uuid]],
        [[{ column: 'name', direction: 'asc' }], [null, uuid]],
        [[{ column: 'name', direction: 'asc' }], ['Ann\u0000', uuid]],
        [[{ column: 'name', direction: 'asc' }], [{ sql: 'select 1' }, uuid]],
        [[{ column: 'isActive', direction: 'asc' }], ['yes', uuid]],
        [[{ column: 'createdAt', direction: 'desc' }], ["'; drop table users; --", uuid]],
        [[{ column: 'createdAt', direction: 'desc' }], [true, uuid]],
        [[{ column: 'agencyName', direction: 'asc' }], [7, uuid]],
        [[{ column: 'name', direction: 'asc' }], ['Ann', uuid, 'extra']],
      ]
      for (const [sort, values] of forged) {
        const signature = sort.map((s) => `${s.column}:${s.direction}`).join(',')
        const error = await refused(ctx.api, 'users.list', { sort, after: forgedCursor(signature, values) })
        expect(error, JSON.stringify(values)).toMatchObject({ code: 'validation', fieldErrors: [{ field: 'after' }] })
        expect(carriesSql(JSON.stringify(error))).toBe(false)
        expect(JSON.stringify(error)).not.toContain('ann.secret')
      }
    })

    it('still follows well-formed cursors, nulls included where the column may be null', async () => {
      const signature = 'agencyName:asc'
      const page = await call(ctx.api, 'users.list', {
        sort: [{ column: 'agencyName', direction: 'asc' }],
        after: forgedCursor(signature, [null, '00000000-0000-4000-8000-000000000000']),
      })
      expect(page.rows.map((r) => r.id)).toEqual([ann.id])
      const byDate = await call(ctx.api, 'users.list', {
        sort: [{ column: 'createdAt', direction: 'asc' }],
        after: forgedCursor('createdAt:asc', ['2000-01-01T00:00:00.000Z', ann.id]),
      })
      expect(byDate.rows.map((r) => r.id)).toEqual([ann.id])
    })
  })

  describe('item 8: lone UTF-16 surrogates are refused, not saved as U+FFFD', () => {
    it('refuses a lone surrogate in every kind of text input', async () => {
      const lone = 'a\ud800b'
      const cases = [
        await refused(ctx.api, 'users.save', { inserts: [{ clientId: 'x', name: lone, email: 'x@example.com' }] }),
        await refused(ctx.api, 'users.save', { updates: [{ id: ann.id, updatedAt: ann.updatedAt, changes: { name: lone } }] }),
        await refused(ctx.api, 'roles.save', { inserts: [{ clientId: 'y', name: 'Ok', description: `x\udc00` }] }),
        await refused(ctx.api, 'agencies.save', { inserts: [{ clientId: 'z', name: lone }] }),
        await refused(ctx.api, 'roles.list', { search: lone }),
        await refused(ctx.api, 'connections.save', { name: lone, url: 'postgres://postgres@127.0.0.1:9/x' }),
      ]
      for (const error of cases) expect(error.code).toBe('validation')
      expect((await call(ctx.api, 'users.list', {})).rows.map((r) => r.name)).toEqual(['Ann Lee'])
      // A properly paired surrogate (an emoji) is ordinary text.
      const saved = await call(ctx.api, 'roles.save', { inserts: [{ clientId: 'e', name: 'Rocket \ud83d\ude80' }] })
      expect(saved.inserted).toHaveLength(1)
    })
  })

  describe('item 9: a row twice in one batch is refused, naming the row', () => {
    it('refuses the same user updated twice, updated and deleted, deleted and restored', async () => {
      const twice = await refused(ctx.api, 'users.save', {
        updates: [
          { id: ann.id, updatedAt: ann.updatedAt, changes: { name: 'First' } },
          { id: ann.id, updatedAt: ann.updatedAt, changes: { roleIds: [] } },
        ],
      })
      expect(twice).toMatchObject({ code: 'validation', fieldErrors: [{ rowId: ann.id, field: '_row' }] })
      const updateDelete = await refused(ctx.api, 'users.save', {
        updates: [{ id: ann.id, updatedAt: ann.updatedAt, changes: { name: 'Gone' } }],
        deletes: [{ id: ann.id }],
      })
      expect(updateDelete).toMatchObject({ code: 'validation', fieldErrors: [{ rowId: ann.id, field: '_row' }] })
      expect(updateDelete.message).not.toMatch(/someone else/)
      const deleteRestore = await refused(ctx.api, 'users.save', { deletes: [{ id: ann.id }], restores: [{ id: ann.id }] })
      expect(deleteRestore).toMatchObject({ code: 'validation', fieldErrors: [{ rowId: ann.id, field: '_row' }] })
      const deletedTwice = await refused(ctx.api, 'agencies.save', { deletes: [{ id: agency.id }, { id: agency.id }] })
      expect(deletedTwice).toMatchObject({ code: 'validation', fieldErrors: [{ rowId: agency.id, field: '_row' }] })
      const roleTwice = await refused(ctx.api, 'roles.save', {
        updates: [{ id: roleId, updatedAt: ann.updatedAt, overwrite: true, changes: { name: 'A' } }],
        deletes: [{ id: roleId }],
      })
      expect(roleTwice).toMatchObject({ code: 'validation', fieldErrors: [{ rowId: roleId, field: '_row' }] })
      const now = (await call(ctx.api, 'users.list', {})).rows[0]!
      expect(now).toMatchObject({ name: 'Ann Lee', roleIds: [roleId], deletedAt: null, updatedAt: ann.updatedAt })
    })

    it('refuses two inserts with one clientId, and a role listed twice for one user', async () => {
      const clientIds = await refused(ctx.api, 'roles.save', {
        inserts: [
          { clientId: 'same', name: 'One' },
          { clientId: 'same', name: 'Two' },
        ],
      })
      expect(clientIds).toMatchObject({ code: 'validation', fieldErrors: [{ rowId: 'same', field: '_row' }] })
      const roles = await refused(ctx.api, 'users.save', {
        updates: [{ id: ann.id, updatedAt: ann.updatedAt, changes: { roleIds: [roleId, roleId] } }],
      })
      expect(roles).toMatchObject({ code: 'validation', fieldErrors: [{ rowId: ann.id, field: 'roleIds' }] })
      expect(roles.message).not.toMatch(/another row/)
    })

    it('says which rows were changed and which deleted when several updates miss', async () => {
      await call(ctx.api, 'users.save', {
        inserts: [
          { clientId: 'p', name: 'Pat Doe', email: 'pat@example.com' },
          { clientId: 'q', name: 'Quinn Roe', email: 'quinn@example.com' },
        ],
      })
      const { rows } = await call(ctx.api, 'users.list', { search: 'example.com', filters: { name: 'o' } })
      const [pat, quinn] = [rows.find((r) => r.name === 'Pat Doe')!, rows.find((r) => r.name === 'Quinn Roe')!]
      await call(ctx.api, 'users.save', { updates: [{ id: pat.id, updatedAt: pat.updatedAt, changes: { isActive: false } }], deletes: [{ id: quinn.id }] })
      const error = await refused(ctx.api, 'users.save', {
        updates: [
          { id: pat.id, updatedAt: pat.updatedAt, changes: { name: 'Pat' } },
          { id: quinn.id, updatedAt: quinn.updatedAt, changes: { name: 'Quinn' } },
        ],
      })
      expect(error.code).toBe('conflict')
      expect(error.message).toBe('2 rows were changed or deleted by someone else since you loaded them. Reload the list.')
      expect(error.fieldErrors?.map((e) => e.message)).toEqual([
        'Pat Doe was changed by someone else since you loaded it — reload it or overwrite?',
        'Quinn Roe was deleted by someone else. Restore it or reload the list.',
      ])
    })
  })
})
