import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MethodInput } from '../../../src/shared/contract'
import { call, openApi, refused } from '../../support/api'
import { engines } from '../../support/databases'

type UserFilters = NonNullable<MethodInput<'users.list'>['filters']>

describe.each(engines)('column filters with operators on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let acme: string
  let beta: string
  let admin: string
  let editor: string
  let viewer: string

  beforeAll(async () => {
    ctx = await openApi(engine)
    const agencies = await call(ctx.api, 'agencies.save', { inserts: [{ clientId: 'a', name: 'Acme' }, { clientId: 'b', name: 'Beta' }] })
    ;[acme, beta] = ['a', 'b'].map((c) => agencies.inserted.find((i) => i.clientId === c)!.id) as [string, string]
    const roles = await call(ctx.api, 'roles.save', { inserts: ['Admin', 'Editor', 'Viewer'].map((name) => ({ clientId: name, name })) })
    ;[admin, editor, viewer] = ['Admin', 'Editor', 'Viewer'].map((c) => roles.inserted.find((i) => i.clientId === c)!.id) as [string, string, string]
    await call(ctx.api, 'users.save', {
      inserts: [
        { clientId: '1', name: 'Ann Lee', email: 'ann@example.com', agencyId: acme, roleIds: [admin, editor] },
        { clientId: '2', name: 'Anna Kim', email: 'anna@example.com', agencyId: beta, roleIds: [admin], isActive: false },
        { clientId: '3', name: 'Ben Ann', email: 'ben@example.com', agencyId: null, roleIds: [viewer] },
        { clientId: '4', name: 'Cy 50%_off', email: 'cy@example.com', agencyId: acme, roleIds: [] },
      ],
    })
    // Ben signed up long ago; the others recently.
    await ctx.test.database.db.execute(sql`update users set created_at = '2020-01-15T00:00:00Z' where email = 'ben@example.com'`)
  })
  afterAll(() => ctx?.close())

  const names = async (filters: UserFilters) =>
    (await call(ctx.api, 'users.list', { filters, sort: [{ column: 'name', direction: 'asc' }] })).rows.map((r) => r.name)

  it('matches text by contains, equals, starts with (ignoring case, wildcards literal), empty and not empty', async () => {
    expect(await names({ name: { op: 'contains', value: 'ann' } })).toEqual(['Ann Lee', 'Anna Kim', 'Ben Ann'])
    expect(await names({ name: 'ann' })).toEqual(['Ann Lee', 'Anna Kim', 'Ben Ann'])
    expect(await names({ name: { op: 'equals', value: 'ANN LEE' } })).toEqual(['Ann Lee'])
    expect(await names({ name: { op: 'startsWith', value: 'ann' } })).toEqual(['Ann Lee', 'Anna Kim'])
    expect(await names({ name: { op: 'contains', value: '50%_' } })).toEqual(['Cy 50%_off'])
    expect(await names({ name: { op: 'startsWith', value: '%' } })).toEqual([])
    expect(await names({ email: { op: 'empty' } })).toEqual([])
    expect(await names({ email: { op: 'notEmpty' } })).toHaveLength(4)
    expect(await names({ agencyName: { op: 'empty' } })).toEqual(['Ben Ann'])
    expect(await names({ agencyName: { op: 'notEmpty' } })).toEqual(['Ann Lee', 'Anna Kim', 'Cy 50%_off'])
    expect(await names({ agencyName: { op: 'equals', value: 'beta' } })).toEqual(['Anna Kim'])
  })

  it('filters the agency by is, is none and any of, and roles by any, all and none of', async () => {
    expect(await names({ agencyId: { op: 'is', value: acme } })).toEqual(['Ann Lee', 'Cy 50%_off'])
    expect(await names({ agencyId: acme })).toEqual(['Ann Lee', 'Cy 50%_off'])
    expect(await names({ agencyId: { op: 'none' } })).toEqual(['Ben Ann'])
    expect(await names({ agencyId: 'none' })).toEqual(['Ben Ann'])
    expect(await names({ agencyId: { op: 'anyOf', values: [acme, beta] } })).toEqual(['Ann Lee', 'Anna Kim', 'Cy 50%_off'])
    expect(await names({ roleId: { op: 'anyOf', values: [editor, viewer] } })).toEqual(['Ann Lee', 'Ben Ann'])
    expect(await names({ roleId: admin })).toEqual(['Ann Lee', 'Anna Kim'])
    expect(await names({ roleId: { op: 'allOf', values: [admin, editor] } })).toEqual(['Ann Lee'])
    expect(await names({ roleId: { op: 'allOf', values: [admin, admin] } })).toEqual(['Ann Lee', 'Anna Kim'])
    expect(await names({ roleId: { op: 'noneOf', values: [admin] } })).toEqual(['Ben Ann', 'Cy 50%_off'])
    expect(await names({ isActive: { op: 'is', value: false } })).toEqual(['Anna Kim'])
    const { total } = await call(ctx.api, 'users.count', { filters: { roleId: { op: 'allOf', values: [admin, editor] }, agencyName: { op: 'startsWith', value: 'ac' } } })
    expect(total).toBe(1)
  })

  it('filters dates before, after, between and the last N days', async () => {
    expect(await names({ createdAt: { op: 'before', value: '2021-01-01T00:00:00Z' } })).toEqual(['Ben Ann'])
    expect(await names({ createdAt: { op: 'after', value: '2021-01-01T00:00:00Z' } })).toEqual(['Ann Lee', 'Anna Kim', 'Cy 50%_off'])
    expect(await names({ createdAt: { op: 'between', from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' } })).toEqual(['Ben Ann'])
    expect(await names({ createdAt: { op: 'lastDays', days: 7 } })).toEqual(['Ann Lee', 'Anna Kim', 'Cy 50%_off'])
    expect(await names({ updatedAt: { op: 'lastDays', days: 7 } })).toHaveLength(4)
    const agencies = await call(ctx.api, 'agencies.list', { filters: { name: { op: 'equals', value: 'acme' }, createdAt: { op: 'lastDays', days: 1 } } })
    expect(agencies.rows.map((a) => a.name)).toEqual(['Acme'])
    const roles = await call(ctx.api, 'roles.list', { filters: { description: { op: 'empty' }, name: { op: 'startsWith', value: 'ed' } } })
    expect(roles.rows.map((r) => r.name)).toEqual(['Editor'])
  })

  it('lists roles by id, with their holders: what a delete confirmation reads', async () => {
    const named = await call(ctx.api, 'roles.list', { filters: { ids: [viewer, admin, viewer] }, fresh: true })
    expect(named.rows.map((r) => [r.name, r.userCount])).toEqual([
      ['Admin', 2],
      ['Viewer', 1],
    ])
    expect((await refused(ctx.api, 'roles.list', { filters: { ids: ['not-an-id'] } })).code).toBe('validation')
  })

  it('lists agencies by id, deleted ones too when asked', async () => {
    const gone = await call(ctx.api, 'agencies.save', { inserts: [{ clientId: 'g', name: 'Gone Agency' }] })
    const goneId = gone.inserted[0]!.id
    await call(ctx.api, 'agencies.save', { deletes: [{ id: goneId }] })
    const named = await call(ctx.api, 'agencies.list', { filters: { ids: [beta, goneId, beta], deleted: 'include' }, sort: [{ column: 'name', direction: 'asc' }] })
    expect(named.rows.map((r) => r.name)).toEqual(['Beta', 'Gone Agency'])
    expect((await call(ctx.api, 'agencies.list', { filters: { ids: [beta, goneId] } })).rows.map((r) => r.name)).toEqual(['Beta'])
    expect((await refused(ctx.api, 'agencies.list', { filters: { ids: ['not-an-id'] } })).code).toBe('validation')
  })

  it('refuses a malformed filter with a field-level error', async () => {
    const backwards = await refused(ctx.api, 'users.list', {
      filters: { createdAt: { op: 'between', from: '2021-01-01T00:00:00Z', to: '2020-01-01T00:00:00Z' } },
    })
    expect(backwards.code).toBe('validation')
    expect(backwards.fieldErrors?.[0]?.field).toBe('filters.createdAt.to')
    const noIds = await refused(ctx.api, 'users.list', { filters: { roleId: { op: 'allOf', values: [] } } })
    expect(noIds.code).toBe('validation')
    const unknown = await refused(ctx.api, 'users.list', { filters: { name: { op: 'like', value: 'x' } } } as never)
    expect(unknown.code).toBe('validation')
  })
})
