import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, openApi, refused } from '../../support/api'
import { engines } from '../../support/databases'

describe.each(engines)('agencies service on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  const agencyNamed = async (name: string) => {
    const { rows } = await call(ctx.api, 'agencies.list', { filters: { name, deleted: 'include' } })
    return rows.find((r) => r.name === name)!
  }

  beforeAll(async () => {
    ctx = await openApi(engine)
    await call(ctx.api, 'agencies.save', {
      inserts: ['Delta', 'Alpha', 'Charlie', 'Bravo', 'Echo'].map((name) => ({ clientId: name, name })),
    })
    const alpha = await agencyNamed('Alpha')
    await call(ctx.api, 'users.save', {
      inserts: [
        { clientId: '1', name: 'One', email: 'one@example.com', agencyId: alpha.id },
        { clientId: '2', name: 'Two', email: 'two@example.com', agencyId: alpha.id },
      ],
    })
  })
  /** An agency of the test's own, for a test that changes it: the five above stay as built. */
  const newAgency = async (name: string) => {
    await call(ctx.api, 'agencies.save', { inserts: [{ clientId: 'own', name }] })
    return agencyNamed(name)
  }
  afterAll(() => ctx?.close())

  it('lists, sorts, searches and counts agencies with their live users', async () => {
    const byName = await call(ctx.api, 'agencies.list', {})
    expect(byName.rows.map((r) => r.name)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo'])
    expect(byName.total).toBe(5)
    const sort = [
      { column: 'userCount', direction: 'desc' },
      { column: 'name', direction: 'asc' },
    ] as const
    const byUsers = await call(ctx.api, 'agencies.list', { sort: [...sort], limit: 2 })
    expect(byUsers.rows.map((r) => [r.name, r.userCount])).toEqual([
      ['Alpha', 2],
      ['Bravo', 0],
    ])
    const next = await call(ctx.api, 'agencies.list', { sort: [...sort], limit: 2, after: byUsers.nextCursor })
    expect(next.rows.map((r) => r.name)).toEqual(['Charlie', 'Delta'])
    expect((await call(ctx.api, 'agencies.list', { search: 'ARLI' })).rows.map((r) => r.name)).toEqual(['Charlie'])
  })

  it('refuses a cursor made for another sort', async () => {
    const page = await call(ctx.api, 'agencies.list', { limit: 2 })
    const error = await refused(ctx.api, 'agencies.list', { limit: 2, after: page.nextCursor, sort: [{ column: 'createdAt', direction: 'asc' }] })
    expect(error).toMatchObject({ code: 'validation', message: 'This page position is out of date for the current sort. Reload the list.' })
  })

  it('refuses deleting an agency that still has users, with a clear message, and deletes nothing', async () => {
    const alpha = await agencyNamed('Alpha')
    const bravo = await agencyNamed('Bravo')
    const error = await refused(ctx.api, 'agencies.save', { deletes: [{ id: bravo.id }, { id: alpha.id }] })
    expect(error.code).toBe('constraint')
    expect(error.message).toBe('Alpha still has 2 users. Move them to another agency or delete them first.')
    expect(error.fieldErrors).toEqual([{ rowId: alpha.id, field: '_row', message: error.message }])
    expect((await agencyNamed('Bravo')).deletedAt).toBeNull()
  })

  it('soft-deletes and restores an agency without users', async () => {
    const hotel = await newAgency('Hotel')
    expect((await call(ctx.api, 'agencies.save', { deletes: [{ id: hotel.id }] })).deleted).toBe(1)
    expect((await call(ctx.api, 'agencies.list', {})).rows.map((r) => r.name)).not.toContain('Hotel')
    expect((await call(ctx.api, 'agencies.list', { filters: { deleted: 'only', name: 'Hotel' } })).rows.map((r) => r.name)).toEqual(['Hotel'])
    const error = await refused(ctx.api, 'users.save', { inserts: [{ clientId: 'z', name: 'Zed', email: 'zed@example.com', agencyId: hotel.id }] })
    expect(error.fieldErrors).toEqual([{ rowId: 'z', field: 'agencyId', message: 'Agency Hotel is deleted' }])
    // Its name stays taken while it is deleted, and the refusal says how to get it back.
    const taken = await refused(ctx.api, 'agencies.save', { inserts: [{ clientId: 'again', name: 'Hotel' }] })
    expect(taken.message).toBe('An agency named Hotel was deleted: show deleted agencies and restore it instead')
    expect((await call(ctx.api, 'agencies.save', { restores: [{ id: hotel.id }] })).restored).toBe(1)
    expect((await agencyNamed('Hotel')).deletedAt).toBeNull()
  })

  it('refuses restoring a user into a deleted agency', async () => {
    const foxtrot = (await newAgency('Foxtrot')).id
    const { inserted: people } = await call(ctx.api, 'users.save', { inserts: [{ clientId: 'p', name: 'Pat', email: 'pat@example.com', agencyId: foxtrot }] })
    const pat = people[0]!.id
    await call(ctx.api, 'users.save', { deletes: [{ id: pat }] })
    await call(ctx.api, 'agencies.save', { deletes: [{ id: foxtrot }] })
    const error = await refused(ctx.api, 'users.save', { restores: [{ id: pat }] })
    expect(error.fieldErrors).toEqual([{ rowId: pat, field: 'agencyId', message: 'Agency Foxtrot is deleted: restore it first, or move this user' }])
  })

  it('refuses a duplicate name with the name in the message, on the right row', async () => {
    const delta = await agencyNamed('Delta')
    const error = await refused(ctx.api, 'agencies.save', {
      updates: [{ id: delta.id, updatedAt: delta.updatedAt, changes: { name: 'Charlie' } }],
    })
    expect(error).toMatchObject({ code: 'constraint', message: 'An agency named Charlie already exists' })
    expect(error.fieldErrors).toEqual([{ rowId: delta.id, field: 'name', message: error.message }])
  })

  it('refuses a blank name before touching the database', async () => {
    const error = await refused(ctx.api, 'agencies.save', { inserts: [{ clientId: 'blank', name: '  ' }] })
    expect(error).toMatchObject({ code: 'validation', message: 'Name is required' })
    expect(error.fieldErrors).toEqual([{ rowId: 'blank', field: 'name', message: 'Name is required' }])
  })

  it('detects a conflicting rename', async () => {
    const india = await newAgency('India')
    await call(ctx.api, 'agencies.save', { updates: [{ id: india.id, updatedAt: india.updatedAt, changes: { name: 'India Co' } }] })
    const error = await refused(ctx.api, 'agencies.save', { updates: [{ id: india.id, updatedAt: india.updatedAt, changes: { name: 'Indigo' } }] })
    expect(error.message).toBe('India Co was changed by someone else since you loaded it — reload it or overwrite?')
  })
})
