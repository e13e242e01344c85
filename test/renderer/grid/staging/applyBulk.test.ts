import { describe, expect, it } from 'vitest'
import { addInsert, applyBulk, applyEdit, noChanges, withStagedEdits, type CellEdit } from '../../../../src/renderer/src/grid/staging/model'
import { blankUser, userRow, type UserTypes } from './fixtures'

describe('applyBulk: many edits and new rows as one change', () => {
  const ann = userRow({ name: 'Ann' })
  const bob = userRow({ name: 'Bob', isActive: false })
  const start = applyEdit(addInsert(noChanges<UserTypes>(), { clientId: 'new-1', values: { name: '', email: '', agencyId: null, isActive: true, roleIds: [] }, display: {} }), {
    row: ann,
    title: 'Ann',
    field: 'email',
    value: 'ann@example.com',
  })
  const shownAnn = withStagedEdits(ann, start)

  it('ends where applying each edit in turn ends', () => {
    const edits: CellEdit<UserTypes>[] = [
      { row: shownAnn, title: 'Ann', field: 'name', value: 'Ann Lee' },
      // Back to the value read: Ann's email change is dropped.
      { row: shownAnn, title: 'Ann', field: 'email', value: ann.email },
      { row: bob, title: 'Bob', field: 'isActive', value: true },
      { row: { ...blankUser, id: 'new-1' }, title: 'new', field: 'name', value: 'Cy' },
    ]
    expect(applyBulk(start, { edits })).toEqual(edits.reduce(applyEdit<UserTypes>, start))
  })

  it('drops a row’s update when every field is edited back, and changes nothing (no undo step) for edits that change nothing', () => {
    const back = applyBulk(start, { edits: [{ row: shownAnn, title: 'Ann', field: 'email', value: ann.email }] })
    expect(back.updates).toEqual({})
    expect(applyBulk(start, { edits: [{ row: shownAnn, title: 'Ann', field: 'email', value: 'ann@example.com' }] })).toBe(start)
    expect(applyBulk(start, { edits: [] })).toBe(start)
  })

  it('puts new rows on top in the order given', () => {
    const values = { name: '', email: '', agencyId: null, isActive: true, roleIds: [] }
    const added = applyBulk(start, { edits: [], inserts: [{ clientId: 'a', values, display: {} }, { clientId: 'b', values, display: {} }] })
    expect(added.inserts.map((i) => i.clientId)).toEqual(['a', 'b', 'new-1'])
  })
})
