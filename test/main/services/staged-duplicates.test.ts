import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openApi, refused } from '../../support/api'
import { engines } from '../../support/databases'

/** One save finds every duplicate it would write, not only the first one PostgreSQL trips on. */
describe.each(engines)('duplicates within a save and against saved rows, on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  const idOf = async (method: 'agencies.list' | 'roles.list', name: string) =>
    (await call(ctx.api, method, { filters: { name } })).rows.find((r) => r.name === name)!.id

  beforeAll(async () => {
    ctx = await openApi(engine)
    await call(ctx.api, 'agencies.save', { inserts: ['Alpha', 'Bravo', 'Gone'].map((name) => ({ clientId: name, name })) })
    await call(ctx.api, 'agencies.save', { deletes: [{ id: await idOf('agencies.list', 'Gone') }] })
    await call(ctx.api, 'roles.save', { inserts: ['Auditor', 'Support'].map((name) => ({ clientId: name, name })) })
    await call(ctx.api, 'users.save', {
      inserts: [
        { clientId: 'a', name: 'Ann', email: 'ann@example.com' },
        { clientId: 'b', name: 'Bob', email: 'bob@example.com' },
      ],
    })
  })
  afterAll(() => ctx?.close())

  it('names every agency whose name is taken, by the batch or by a saved agency (deleted too), and writes nothing', async () => {
    const bravo = await idOf('agencies.list', 'Bravo')
    const before = await call(ctx.api, 'agencies.list', { filters: { deleted: 'include' } })
    const error = await refused(ctx.api, 'agencies.save', {
      inserts: [
        { clientId: 'n1', name: 'Alpha' },
        { clientId: 'n2', name: 'Zeta' },
        { clientId: 'n3', name: 'Gone' },
        { clientId: 'n4', name: 'Fresh' },
      ],
      updates: [{ id: bravo, updatedAt: before.rows.find((r) => r.id === bravo)!.updatedAt, changes: { name: 'Zeta' } }],
    })
    expect(error.code).toBe('constraint')
    expect(error.message).toBe('4 agencies cannot be saved: see the marked rows.')
    expect(error.fieldErrors).toEqual([
      { rowId: 'n1', field: 'name', message: 'An agency named Alpha already exists' },
      { rowId: 'n2', field: 'name', message: 'Zeta is used by more than one agency in this save' },
      { rowId: 'n3', field: 'name', message: 'An agency named Gone was deleted: show deleted agencies and restore it instead' },
      { rowId: bravo, field: 'name', message: 'Zeta is used by more than one agency in this save' },
    ])
    expect(await call(ctx.api, 'agencies.list', { filters: { deleted: 'include' } })).toEqual(before)
  })

  it('names every role whose name is taken', async () => {
    const error = await refused(ctx.api, 'roles.save', {
      inserts: [
        { clientId: 'r1', name: 'Auditor' },
        { clientId: 'r2', name: 'Support' },
        { clientId: 'r3', name: 'Owner' },
        { clientId: 'r4', name: 'Owner' },
      ],
    })
    expect(error.fieldErrors?.map((e) => [e.rowId, e.message])).toEqual([
      ['r1', 'A role named Auditor already exists'],
      ['r2', 'A role named Support already exists'],
      ['r3', 'Owner is used by more than one role in this save'],
      ['r4', 'Owner is used by more than one role in this save'],
    ])
    expect((await call(ctx.api, 'roles.list', {})).rows.map((r) => r.name)).toEqual(['Auditor', 'Support'])
  })

  it('names every user whose email is taken, ignoring case, together with a missing agency', async () => {
    const error = await refused(ctx.api, 'users.save', {
      inserts: [
        { clientId: 'u1', name: 'Ann Two', email: 'ANN@example.com' },
        { clientId: 'u2', name: 'Cy', email: 'cy@example.com' },
        { clientId: 'u3', name: 'Cy Two', email: 'Cy@Example.com' },
        { clientId: 'u4', name: 'Dee', email: 'dee@example.com', agencyId: '00000000-0000-4000-8000-000000000000' },
      ],
    })
    expect(error.message).toBe('4 rows cannot be saved: see the marked rows.')
    expect(error.fieldErrors).toEqual([
      { rowId: 'u4', field: 'agencyId', message: 'That agency no longer exists' },
      { rowId: 'u1', field: 'email', message: 'Email ANN@example.com is already used by Ann' },
      { rowId: 'u2', field: 'email', message: 'Email cy@example.com is used by more than one user in this save' },
      { rowId: 'u3', field: 'email', message: 'Email Cy@Example.com is used by more than one user in this save' },
    ])
    expect((await call(ctx.api, 'users.list', {})).total).toBe(2)
  })

  it('lets a batch reuse the email of a user it deletes', async () => {
    const users = await call(ctx.api, 'users.list', {})
    const bob = users.rows.find((r) => r.name === 'Bob')!
    const saved = await call(ctx.api, 'users.save', {
      deletes: [{ id: bob.id }],
      inserts: [{ clientId: 'b2', name: 'Bob Two', email: 'bob@example.com' }],
    })
    expect(saved).toMatchObject({ deleted: 1, inserted: [{ clientId: 'b2' }] })
  })
})
