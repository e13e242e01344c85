import { describe, expect, it } from 'vitest'
import { emptyView, formatAddress, parseAddress, type GridView } from '../../../src/renderer/src/routes/address'
import { readSavedViews, sameView, withSavedView, writeSavedViews } from '../../../src/renderer/src/routes/savedViews'

const screens = ['users', 'agencies', 'roles', 'connection']
const parse = (hash: string) => parseAddress(hash, screens, 'users')
const AGENCY = '6f1c2b7e-0d4a-4c1e-9a55-2f0e8b1c3d4e'

const view: GridView = {
  search: 'ann lee & co',
  sort: [
    { id: 'name', desc: false },
    { id: 'createdAt', desc: true },
  ],
  filters: {
    name: { op: 'startsWith', args: ['Ann, Lee: 100% #1'] },
    agencyId: { op: 'anyOf', args: [AGENCY, AGENCY.replace('6f', '7a')] },
    email: { op: 'empty', args: [] },
    createdAt: { op: 'between', args: ['2026-01-01', '2026-01-31'] },
  },
  showDeleted: true,
}

describe('screen addresses in the URL hash', () => {
  it('writes a view readably and reads it back exactly, commas, colons and % in a text included', () => {
    const hash = formatAddress({ screen: 'users', view })
    expect(hash).toBe(
      '#/users?search=ann%20lee%20%26%20co&sort=name,-createdAt&deleted=shown' +
        `&name=startsWith:Ann%2C%20Lee%3A%20100%25%20%231&agencyId=anyOf:${AGENCY},${AGENCY.replace('6f', '7a')}&email=empty&createdAt=between:2026-01-01,2026-01-31`,
    )
    expect(parse(hash)).toEqual({ screen: 'users', view })
  })

  it('gives the home screen for an empty, unknown or foreign hash, and a bare screen its empty view', () => {
    expect(parse('')).toEqual({ screen: 'users', view: emptyView })
    expect(parse('#token=abc')).toEqual({ screen: 'users', view: emptyView })
    expect(parse('#/nowhere?search=x')).toEqual({ screen: 'users', view: emptyView })
    expect(parse('#/roles')).toEqual({ screen: 'roles', view: emptyView })
    expect(formatAddress({ screen: 'roles', view: emptyView })).toBe('#/roles')
  })

  it('leaves out what it cannot read: bad escapes, bad keys, repeated sort columns, operators that are no words', () => {
    const read = parse('#/users?search=%E0%A4%A&sort=name,name,-bad-id,email&1x=contains:a&name=con%tains:a&email=no-op:x&agencyId=is:%ZZ&isActive=is:true')
    expect(read.view).toEqual({
      search: '',
      sort: [
        { id: 'name', desc: false },
        { id: 'email', desc: false },
      ],
      filters: { isActive: { op: 'is', args: ['true'] } },
      showDeleted: false,
    })
  })

  it('reads a + typed by hand as a space, as forms write it', () => {
    expect(parse('#/users?search=ann+lee&name=contains:ann+lee').view).toMatchObject({ search: 'ann lee', filters: { name: { op: 'contains', args: ['ann lee'] } } })
  })
})

describe('saved views', () => {
  it('are stored as addresses and read back; unreadable storage is no views', () => {
    const saved = withSavedView(withSavedView([], '  Cedar staff ', view), 'Everyone', emptyView)
    expect(saved.map((v) => v.name)).toEqual(['Cedar staff', 'Everyone'])
    expect(readSavedViews(writeSavedViews(saved, 'users'), 'users')).toEqual(saved)
    expect(readSavedViews('not json', 'users')).toEqual([])
    expect(readSavedViews(JSON.stringify([{ name: '', address: '#/users' }]), 'users')).toEqual([])
    expect(readSavedViews(null, 'users')).toEqual([])
  })

  it('replace a view of the same name in its place', () => {
    const saved = withSavedView(withSavedView(withSavedView([], 'A', emptyView), 'B', emptyView), 'A', view)
    expect(saved.map((v) => v.name)).toEqual(['A', 'B'])
    expect(sameView(saved[0]!.view, view)).toBe(true)
    expect(sameView(saved[1]!.view, view)).toBe(false)
  })
})
