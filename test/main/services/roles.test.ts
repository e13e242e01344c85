import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openApi, refused } from '../../support/api'
import { engines } from '../../support/databases'

describe.each(engines)('roles service on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  const roleNamed = async (name: string) => (await call(ctx.api, 'roles.list', { filters: { name } })).rows.find((r) => r.name === name)!

  beforeAll(async () => {
    ctx = await openApi(engine)
    await call(ctx.api, 'roles.save', {
      inserts: [
        { clientId: 'a', name: 'Admin', description: 'Everything' },
        { clientId: 'e', name: 'Editor', description: '  ' },
        { clientId: 'v', name: 'Viewer' },
      ],
    })
  })
  afterAll(() => ctx?.close())
  /** A role of the test's own, for a test that changes it: the three above stay as built. */
  const newRole = async (name: string) => {
    await call(ctx.api, 'roles.save', { inserts: [{ clientId: 'own', name }] })
    return roleNamed(name)
  }

  it('stores a blank description as none and sorts missing descriptions last', async () => {
    const { rows } = await call(ctx.api, 'roles.list', { sort: [{ column: 'description', direction: 'asc' }] })
    expect(rows.map((r) => r.description)).toEqual(['Everything', null, null])
    expect(rows.slice(1).map((r) => r.name).sort()).toEqual(['Editor', 'Viewer'])
    const searched = await call(ctx.api, 'roles.list', { search: 'every' })
    expect(searched.rows.map((r) => r.name)).toEqual(['Admin'])
  })

  it('deletes a role for real and takes its assignments with it', async () => {
    const viewer = await newRole('Reviewer')
    const admin = await newRole('Owner')
    await call(ctx.api, 'users.save', {
      inserts: [{ clientId: 'u', name: 'Uma', email: 'uma@example.com', roleIds: [viewer.id, admin.id] }],
    })
    expect((await roleNamed('Reviewer')).userCount).toBe(1)
    // A soft-deleted user keeps the assignment (for a restore) but is not counted.
    const [ghost] = (
      await call(ctx.api, 'users.save', { inserts: [{ clientId: 'g', name: 'Ghost', email: 'ghost@example.com', roleIds: [viewer.id] }] })
    ).inserted
    expect((await roleNamed('Reviewer')).userCount).toBe(2)
    await call(ctx.api, 'users.save', { deletes: [{ id: ghost!.id }] })
    expect((await roleNamed('Reviewer')).userCount).toBe(1)
    expect((await call(ctx.api, 'roles.save', { deletes: [{ id: viewer.id }] })).deleted).toBe(1)
    expect(await roleNamed('Reviewer')).toBeUndefined()
    const [uma] = (await call(ctx.api, 'users.list', { search: 'uma' })).rows
    expect(uma?.roleIds).toEqual([admin.id])
  })

  it('has no restore: roles are not soft-deleted', async () => {
    const error = await refused(ctx.api, 'roles.save', { restores: [] } as never)
    expect(error.code).toBe('validation')
  })

  it('refuses a duplicate role name and a stale update', async () => {
    const dup = await refused(ctx.api, 'roles.save', { inserts: [{ clientId: 'x', name: 'Editor' }] })
    expect(dup).toMatchObject({ code: 'constraint', message: 'A role named Editor already exists' })
    const writer = await newRole('Writer')
    await call(ctx.api, 'roles.save', { updates: [{ id: writer.id, updatedAt: writer.updatedAt, changes: { description: 'Edits' } }] })
    const stale = await refused(ctx.api, 'roles.save', { updates: [{ id: writer.id, updatedAt: writer.updatedAt, changes: { name: 'Author' } }] })
    expect(stale.code).toBe('conflict')
    expect((await roleNamed('Writer')).description).toBe('Edits')
  })
})
