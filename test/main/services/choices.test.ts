import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openApi, refused } from '../../support/api'
import { engines } from '../../support/databases'

describe.each(engines)('choices (names for pickers) on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    ctx = await openApi(engine)
    const agencies = ['Acme North', 'Acme 100%', 'Beta Works', 'Acme Gone', 'Acme_South']
    const saved = await call(ctx.api, 'agencies.save', { inserts: agencies.map((name, i) => ({ clientId: `a${i}`, name })) })
    saved.inserted.forEach(({ id }, i) => (ids[agencies[i]!] = id))
    await call(ctx.api, 'agencies.save', { deletes: [{ id: ids['Acme Gone']! }] })
    const roles = ['Viewer', 'Admin', 'Editor']
    const savedRoles = await call(ctx.api, 'roles.save', { inserts: roles.map((name, i) => ({ clientId: `r${i}`, name })) })
    savedRoles.inserted.forEach(({ id }, i) => (ids[roles[i]!] = id))
    await call(ctx.api, 'users.save', { inserts: [{ clientId: 'u', name: 'Uma', email: 'uma@example.com', agencyId: ids['Beta Works']!, roleIds: [ids.Admin!] }] })
  })
  afterAll(() => ctx?.close())

  it('offers live rows by name, first by name, with how many match in all', async () => {
    const all = await call(ctx.api, 'agencies.choices', {})
    expect(all.rows.map((r) => r.name)).toEqual(['Acme 100%', 'Acme North', 'Acme_South', 'Beta Works'])
    expect(all.total).toBe(4)
    const acme = await call(ctx.api, 'agencies.choices', { search: ' acme ', limit: 2 })
    expect(acme.rows).toEqual([
      { id: ids['Acme 100%'], name: 'Acme 100%' },
      { id: ids['Acme North'], name: 'Acme North' },
    ])
    expect(acme.total).toBe(3)
    expect(await call(ctx.api, 'agencies.choices', { search: 'nothing like it' })).toEqual({ rows: [], total: 0 })
  })

  it('searches the typed text literally: % and _ match only themselves', async () => {
    expect((await call(ctx.api, 'agencies.choices', { search: '100%' })).rows.map((r) => r.name)).toEqual(['Acme 100%'])
    expect((await call(ctx.api, 'agencies.choices', { search: 'e_s' })).rows.map((r) => r.name)).toEqual(['Acme_South'])
  })

  it('names the ids asked for, deleted ones too, and skips ids that name nothing', async () => {
    const unknown = '00000000-0000-4000-8000-000000000009'
    const named = await call(ctx.api, 'agencies.choices', { ids: [ids['Acme Gone']!, ids['Beta Works']!, unknown] })
    expect(named.rows).toEqual([
      { id: ids['Acme Gone'], name: 'Acme Gone' },
      { id: ids['Beta Works'], name: 'Beta Works' },
    ])
    expect(named.total).toBe(2)
  })

  it('gives roles by name with nothing but id and name (no holder counts)', async () => {
    const roles = await call(ctx.api, 'roles.choices', { limit: 1000 })
    expect(roles.rows).toEqual([
      { id: ids.Admin, name: 'Admin' },
      { id: ids.Editor, name: 'Editor' },
      { id: ids.Viewer, name: 'Viewer' },
    ])
    expect((await call(ctx.api, 'roles.choices', { search: 'it' })).rows.map((r) => r.name)).toEqual(['Editor'])
  })

  it('refuses a bad request with field errors', async () => {
    const both = await refused(ctx.api, 'roles.choices', { ids: [ids.Admin!], search: 'a' })
    expect(both.fieldErrors).toEqual([{ field: 'search', message: 'Ask for either ids or a search, not both' }])
    const limit = await refused(ctx.api, 'agencies.choices', { limit: 0 })
    expect(limit.fieldErrors?.[0]?.field).toBe('limit')
    const id = await refused(ctx.api, 'agencies.choices', { ids: ['not-an-id'] })
    expect(id.fieldErrors).toEqual([{ field: 'ids.0', message: 'Must be a valid id' }])
    expect((await refused(ctx.api, 'agencies.choices', { columns: ['userCount'] } as never)).code).toBe('validation')
  })
})
