import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openApi, refused } from '../../support/api'
import { engines } from '../../support/databases'

describe.each(engines)('users service on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let agencyA: string
  let agencyB: string
  let roleIds: string[]

  beforeAll(async () => {
    ctx = await openApi(engine)
    const agencies = await call(ctx.api, 'agencies.save', {
      inserts: [
        { clientId: 'a', name: 'Acme Agency' },
        { clientId: 'b', name: 'Beta Bureau' },
      ],
    })
    agencyA = agencies.inserted.find((i) => i.clientId === 'a')!.id
    agencyB = agencies.inserted.find((i) => i.clientId === 'b')!.id
    const roles = await call(ctx.api, 'roles.save', {
      inserts: ['Admin', 'Editor', 'Viewer'].map((name) => ({ clientId: name, name })),
    })
    roleIds = roles.inserted.map((r) => r.id)
    const people = Array.from({ length: 25 }, (_, i) => ({
      clientId: `u${i}`,
      name: `Person ${String(i).padStart(2, '0')}`,
      email: `person${i}@example.com`,
      agencyId: i % 2 === 0 ? agencyA : i % 5 === 0 ? null : agencyB,
      isActive: i % 3 !== 0,
      roleIds: i % 4 === 0 ? [roleIds[0]!, roleIds[1]!] : [roleIds[2]!],
    }))
    await call(ctx.api, 'users.save', { inserts: [...people, { clientId: 'ann', name: 'Ann Lee', email: 'ann@example.com', agencyId: agencyA }] })
  })
  afterAll(() => ctx?.close())

  const findUser = async (email: string) => {
    const { rows } = await call(ctx.api, 'users.list', { filters: { email, deleted: 'include' } })
    return rows.find((r) => r.email === email)!
  }
  /** A person of the test's own, for a test that changes it: the shared ones above stay as built. */
  const newUser = async (name: string, email: string, agencyId: string | null = null) => {
    await call(ctx.api, 'users.save', { inserts: [{ clientId: 'own', name, email, agencyId, roleIds: [roleIds[2]!] }] })
    return findUser(email)
  }

  it('pages through users by offset with a total', async () => {
    const first = await call(ctx.api, 'users.list', { limit: 10, filters: { name: 'Person' } })
    expect(first.total).toBe(25)
    expect(first.rows.map((r) => r.name)).toEqual(Array.from({ length: 10 }, (_, i) => `Person ${String(i).padStart(2, '0')}`))
    const third = await call(ctx.api, 'users.list', { limit: 10, offset: 20, filters: { name: 'Person' } })
    expect(third.rows).toHaveLength(5)
    expect(third.nextCursor).toBeNull()
  })

  it('pages by keyset cursor to the same rows as offset, in every sort', async () => {
    for (const sort of [
      [{ column: 'name', direction: 'desc' }],
      [{ column: 'agencyName', direction: 'asc' }, { column: 'name', direction: 'desc' }],
      [{ column: 'isActive', direction: 'desc' }, { column: 'email', direction: 'asc' }],
      [{ column: 'agencyName', direction: 'desc' }],
    ] as const) {
      const all = await call(ctx.api, 'users.list', { limit: 1000, sort: [...sort] })
      const walked: string[] = []
      let after: string | null = null
      do {
        const page: Awaited<ReturnType<typeof call<'users.list'>>> = await call(ctx.api, 'users.list', { limit: 7, sort: [...sort], after })
        walked.push(...page.rows.map((r) => r.id))
        after = page.nextCursor
      } while (after)
      expect(walked).toEqual(all.rows.map((r) => r.id))
    }
  })

  it('sorts by agency name with users without an agency last, and refuses unknown columns', async () => {
    const { rows } = await call(ctx.api, 'users.list', { limit: 1000, sort: [{ column: 'agencyName', direction: 'asc' }] })
    const names = rows.map((r) => r.agencyName)
    expect(names[0]).toBe('Acme Agency')
    expect(names.at(-1)).toBeNull()
    const error = await refused(ctx.api, 'users.list', { sort: [{ column: 'password', direction: 'asc' }] } as never)
    expect(error.code).toBe('validation')
    expect(error.fieldErrors?.[0]?.field).toBe('sort.0.column')
  })

  it('filters by column, agency, role and activity, and searches name or email', async () => {
    const byAgency = await call(ctx.api, 'users.list', { filters: { agencyId: agencyA }, limit: 1000 })
    expect(byAgency.rows.every((r) => r.agencyName === 'Acme Agency')).toBe(true)
    expect(byAgency.total).toBe(14)
    const noAgency = await call(ctx.api, 'users.list', { filters: { agencyId: 'none' } })
    expect(noAgency.rows.every((r) => r.agencyId === null)).toBe(true)
    const admins = await call(ctx.api, 'users.list', { filters: { roleId: roleIds[0]! }, limit: 1000 })
    expect(admins.total).toBe(7)
    expect(admins.rows.every((r) => r.roleIds.includes(roleIds[0]!))).toBe(true)
    const inactive = await call(ctx.api, 'users.list', { filters: { isActive: false, name: 'person' } })
    expect(inactive.total).toBe(9)
    const search = await call(ctx.api, 'users.list', { search: 'ANN@EX' })
    expect(search.rows.map((r) => r.name)).toEqual(['Ann Lee'])
    const literal = await call(ctx.api, 'users.list', { search: '%' })
    expect(literal.total).toBe(0)
    const byAgencyName = await call(ctx.api, 'users.list', { filters: { agencyName: 'beta' }, limit: 1000 })
    expect(byAgencyName.rows.every((r) => r.agencyName === 'Beta Bureau')).toBe(true)
  })

  it('updates fields and roles together, and bumps updatedAt', async () => {
    const una = await newUser('Una Update', 'una@example.com')
    const saved = await call(ctx.api, 'users.save', {
      updates: [{ id: una.id, updatedAt: una.updatedAt, changes: { name: '  Una B. Update ', agencyId: agencyB, roleIds: [roleIds[0]!, roleIds[2]!] } }],
    })
    expect(saved.updated).toBe(1)
    const after = await findUser('una@example.com')
    expect(after).toMatchObject({ name: 'Una B. Update', agencyId: agencyB, agencyName: 'Beta Bureau' })
    expect([...after.roleIds].sort()).toEqual([roleIds[0]!, roleIds[2]!].sort())
    expect(after.updatedAt > una.updatedAt).toBe(true)
  })

  it('refuses a stale update as a conflict naming the person, and writes nothing', async () => {
    const stella = await newUser('Stella Stale', 'stella@example.com')
    const other = await newUser('Otto Other', 'otto@example.com')
    await call(ctx.api, 'users.save', { updates: [{ id: stella.id, updatedAt: stella.updatedAt, changes: { isActive: false } }] })
    const error = await refused(ctx.api, 'users.save', {
      updates: [
        { id: other.id, updatedAt: other.updatedAt, changes: { name: 'Should not land' } },
        { id: stella.id, updatedAt: stella.updatedAt, changes: { name: 'Lost update' } },
      ],
    })
    expect(error.code).toBe('conflict')
    expect(error.message).toBe('Stella Stale was changed by someone else since you loaded it — reload it or overwrite?')
    expect(error.fieldErrors).toEqual([{ rowId: stella.id, field: '_row', message: error.message }])
    expect((await findUser('otto@example.com')).name).toBe('Otto Other')
    const overwritten = await call(ctx.api, 'users.save', {
      updates: [{ id: stella.id, updatedAt: stella.updatedAt, overwrite: true, changes: { name: 'Stella Kept' } }],
    })
    expect(overwritten.updated).toBe(1)
    expect((await findUser('stella@example.com')).name).toBe('Stella Kept')
  })

  it('refuses a duplicate email, ignoring case, with the holder named; the batch writes nothing', async () => {
    const error = await refused(ctx.api, 'users.save', {
      inserts: [
        { clientId: 'ok', name: 'Fresh Person', email: 'fresh@example.com' },
        { clientId: 'dup', name: 'Copy Cat', email: 'ANN@example.com' },
      ],
    })
    expect(error.code).toBe('constraint')
    expect(error.message).toBe('Email ANN@example.com is already used by Ann Lee')
    expect(error.fieldErrors).toEqual([{ rowId: 'dup', field: 'email', message: error.message }])
    expect((await call(ctx.api, 'users.list', { search: 'fresh@' })).total).toBe(0)
  })

  it('gives field-level validation errors per row and writes nothing', async () => {
    const person = await findUser('person2@example.com')
    const error = await refused(ctx.api, 'users.save', {
      inserts: [{ clientId: 'new-1', name: '   ', email: 'not-an-email' }],
      updates: [{ id: person.id, updatedAt: person.updatedAt, changes: { email: 'also bad' } }],
    })
    expect(error.code).toBe('validation')
    expect(error.fieldErrors).toEqual(
      expect.arrayContaining([
        { rowId: 'new-1', field: 'name', message: 'Name is required' },
        { rowId: 'new-1', field: 'email', message: 'not-an-email is not a valid email address' },
        { rowId: person.id, field: 'email', message: 'also bad is not a valid email address' },
      ]),
    )
    expect((await findUser('person2@example.com')).email).toBe('person2@example.com')
  })

  it('refuses an agency or role that does not exist, on the right row', async () => {
    const person = await findUser('person3@example.com')
    const error = await refused(ctx.api, 'users.save', {
      updates: [{ id: person.id, updatedAt: person.updatedAt, changes: { agencyId: '00000000-0000-4000-8000-000000000000' } }],
      inserts: [{ clientId: 'r', name: 'Rolo', email: 'rolo@example.com', roleIds: ['00000000-0000-4000-8000-000000000001'] }],
    })
    expect(error.code).toBe('constraint')
    expect(error.fieldErrors).toEqual([
      { rowId: person.id, field: 'agencyId', message: 'That agency no longer exists' },
      { rowId: 'r', field: 'roleIds', message: 'One of the chosen roles no longer exists' },
    ])
  })

  it('soft-deletes and restores, frees the email meanwhile, and refuses restoring into a taken email', async () => {
    const person = await newUser('Dee Leted', 'dee@example.com')
    expect((await call(ctx.api, 'users.save', { deletes: [{ id: person.id }] })).deleted).toBe(1)
    expect((await call(ctx.api, 'users.list', { filters: { email: 'dee@' } })).total).toBe(0)
    const deleted = await call(ctx.api, 'users.list', { filters: { email: 'dee@', deleted: 'only' } })
    expect(deleted.rows.map((r) => [r.id, r.deletedAt === null])).toEqual([[person.id, false]])
    // The address is free while its owner is deleted...
    await call(ctx.api, 'users.save', { inserts: [{ clientId: 'n', name: 'New Owner', email: 'Dee@example.com' }] })
    // ...so bringing the old owner back is refused, naming who has it now.
    const error = await refused(ctx.api, 'users.save', { restores: [{ id: person.id }] })
    expect(error.message).toBe('Email dee@example.com is already used by New Owner')
    expect(error.fieldErrors?.[0]?.rowId).toBe(person.id)
    const newOwner = await findUser('Dee@example.com')
    await call(ctx.api, 'users.save', { deletes: [{ id: newOwner.id }], restores: [{ id: person.id }] })
    expect((await findUser('dee@example.com')).deletedAt).toBeNull()
  })

  it('applies a mixed batch atomically: one bad row and nothing is written', async () => {
    const p5 = await findUser('person5@example.com')
    const p6 = await findUser('person6@example.com')
    const error = await refused(ctx.api, 'users.save', {
      inserts: [{ clientId: 'x', name: 'Xavier', email: 'xavier@example.com', roleIds: [roleIds[1]!] }],
      updates: [
        { id: p5.id, updatedAt: p5.updatedAt, changes: { name: 'Renamed Five', roleIds: [] } },
        { id: p6.id, updatedAt: p6.updatedAt, changes: { email: 'person7@example.com' } },
      ],
      deletes: [{ id: (await findUser('person8@example.com')).id }],
    })
    expect(error.message).toBe('Email person7@example.com is already used by Person 07')
    expect((await findUser('person5@example.com')).name).toBe('Person 05')
    expect((await findUser('person5@example.com')).roleIds).toHaveLength(1)
    expect((await findUser('person8@example.com')).deletedAt).toBeNull()
    expect((await call(ctx.api, 'users.list', { search: 'xavier' })).total).toBe(0)
  })

})

describe('users service writes what PostgreSQL then holds', () => {
  it('is seen in the database itself, checked with SQL', async () => {
    const ctx = await openApi('postgres')
    const sqlClient = postgres(ctx.test.url!, { max: 1 })
    try {
      const saved = await call(ctx.api, 'users.save', {
        inserts: [{ clientId: 'n', name: 'Nina', email: 'nina@example.com' }],
      })
      const id = saved.inserted[0]!.id
      const [read] = (await call(ctx.api, 'users.list', { search: 'nina' })).rows
      await call(ctx.api, 'users.save', { updates: [{ id, updatedAt: read!.updatedAt, changes: { name: 'Nine', email: 'nine@example.com' } }] })
      const [row] = await sqlClient`select name, email, deleted_at from users where id = ${id}`
      expect(row).toEqual({ name: 'Nine', email: 'nine@example.com', deleted_at: null })
    } finally {
      await sqlClient.end()
      await ctx.close()
    }
  })
})
