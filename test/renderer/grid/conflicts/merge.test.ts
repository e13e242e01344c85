import { describe, expect, it } from 'vitest'
import { fieldConflicts, fieldsNobodyElseChanged, resolveConflicts } from '../../../../src/renderer/src/grid/conflicts/merge'
import { toSaveRequest } from '../../../../src/renderer/src/grid/staging/batch'
import { applyEdit, noChanges, withStagedEdits, type StagedChanges } from '../../../../src/renderer/src/grid/staging/model'
import { userRow, type UserRow, type UserTypes } from '../staging/fixtures'

const later = '2025-03-01T00:00:00.000Z'
const shows = (field: string) => (field === 'agencyId' ? ['agencyName'] : [])

/** Ann as read, my staged edits of her name, email and agency, and her row as someone else saved it since. */
function conflict() {
  const read = userRow({ name: 'Ann', email: 'ann@example.com', agencyId: 'a1', agencyName: 'Cedar', roleIds: ['r1', 'r2'] })
  let changes: StagedChanges<UserTypes> = noChanges()
  for (const [field, value, display] of [
    ['name', 'Ann Mine', undefined],
    ['email', 'mine@example.com', undefined],
    ['agencyId', 'a2', { agencyName: 'Birch' }],
    ['roleIds', ['r2', 'r1'], undefined],
  ] as const) {
    changes = applyEdit(changes, { row: read, title: 'Ann', field, value: value as never, display })
  }
  // They renamed her and moved her to another agency; her email is as I read it.
  const theirs: UserRow = { ...read, name: 'Ann Theirs', agencyId: 'a3', agencyName: 'Oak', updatedAt: later }
  return { read, changes, theirs }
}

describe('conflicts, field by field', () => {
  it('lists each edited field with its value as read, mine and theirs, and whether they changed it', () => {
    const { changes, theirs, read } = conflict()
    const update = changes.updates[read.id]!
    // Roles staged in another order are staged, but are the roles they have: nobody else changed them.
    expect(Object.keys(update.changes)).toEqual(['name', 'email', 'agencyId', 'roleIds'])
    expect(fieldConflicts(update, theirs)).toEqual([
      { field: 'name', base: 'Ann', mine: 'Ann Mine', theirs: 'Ann Theirs', theyChanged: true },
      { field: 'email', base: 'ann@example.com', mine: 'mine@example.com', theirs: 'ann@example.com', theyChanged: false },
      { field: 'agencyId', base: 'a1', mine: 'a2', theirs: 'a3', theyChanged: true },
      { field: 'roleIds', base: ['r1', 'r2'], mine: ['r2', 'r1'], theirs: ['r1', 'r2'], theyChanged: false },
    ])
    expect(fieldsNobodyElseChanged(update, theirs)).toEqual(['email', 'roleIds'])
  })

  it('a mix: theirs for one field, mine for another, on their version, so the save is checked against it', () => {
    const { changes, theirs, read } = conflict()
    const resolved = resolveConflicts(changes, [{ id: read.id, theirs, keep: ['email', 'agencyId'] }], shows)
    const update = resolved.updates[read.id]!
    expect(update.updatedAt).toBe(later)
    expect(update.changes).toEqual({ email: 'mine@example.com', agencyId: 'a2' })
    expect(update.original).toEqual({ email: 'ann@example.com', agencyId: 'a3' })
    expect(withStagedEdits(theirs, resolved)).toMatchObject({ name: 'Ann Theirs', email: 'mine@example.com', agencyId: 'a2', agencyName: 'Birch' })
    expect(toSaveRequest(resolved, true).updates).toEqual([{ id: read.id, updatedAt: later, changes: { email: 'mine@example.com', agencyId: 'a2' } }])
  })

  it('taking their agency drops the name my edit showed beside it', () => {
    const { changes, theirs, read } = conflict()
    const resolved = resolveConflicts(changes, [{ id: read.id, theirs, keep: ['name'] }], shows)
    expect(resolved.updates[read.id]!.display).toEqual({})
    expect(withStagedEdits(theirs, resolved)).toMatchObject({ name: 'Ann Mine', agencyId: 'a3', agencyName: 'Oak' })
  })

  it('taking theirs for every field leaves nothing staged; a row not on screen loses its edits', () => {
    const { changes, theirs, read } = conflict()
    expect(resolveConflicts(changes, [{ id: read.id, theirs, keep: [] }], shows).updates).toEqual({})
    expect(resolveConflicts(changes, [{ id: read.id, keep: ['name'] }], shows).updates).toEqual({})
  })
})
