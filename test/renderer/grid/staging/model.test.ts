import { describe, expect, it } from 'vitest'
import {
  addInsert,
  applyEdit,
  countChanges,
  dropUpdates,
  insertedRow,
  noChanges,
  revertRow,
  rowState,
  stageDeletes,
  stageRestores,
  withStagedEdits,
  type StagedChanges,
} from '../../../../src/renderer/src/grid/staging/model'
import { blankUser, userRow, type UserTypes } from './fixtures'

const none = () => noChanges<UserTypes>()

describe('staging model: edits of saved rows', () => {
  it('stages a changed field with the value it was read with', () => {
    const row = userRow({ name: 'Ann' })
    const changes = applyEdit(none(), { row, title: 'Ann', field: 'name', value: 'Ann Lee' })
    expect(changes.updates[row.id]).toMatchObject({ id: row.id, updatedAt: row.updatedAt, title: 'Ann', changes: { name: 'Ann Lee' }, original: { name: 'Ann' } })
    expect(rowState(changes, row.id)).toBe('updated')
    expect(countChanges(changes)).toBe(1)
  })

  it('keeps several fields of one row in one update, counted once', () => {
    const row = userRow()
    let changes = applyEdit(none(), { row, title: 'x', field: 'name', value: 'New name' })
    changes = applyEdit(changes, { row, title: 'x', field: 'isActive', value: false })
    expect(changes.updates[row.id]?.changes).toEqual({ name: 'New name', isActive: false })
    expect(countChanges(changes)).toBe(1)
  })

  it('drops a field edited back to its read value, and the update once nothing is left', () => {
    const row = userRow({ name: 'Ann', email: 'ann@example.com' })
    let changes = applyEdit(none(), { row, title: 'Ann', field: 'name', value: 'Bea' })
    changes = applyEdit(changes, { row, title: 'Ann', field: 'email', value: 'bea@example.com' })
    // The grid shows the staged value; editing it back compares with the value read.
    const shown = withStagedEdits(row, changes)
    changes = applyEdit(changes, { row: shown, title: 'Ann', field: 'name', value: 'Ann' })
    expect(changes.updates[row.id]?.changes).toEqual({ email: 'bea@example.com' })
    expect(changes.updates[row.id]?.original).toEqual({ email: 'ann@example.com' })
    changes = applyEdit(changes, { row: withStagedEdits(row, changes), title: 'Ann', field: 'email', value: 'ann@example.com' })
    expect(changes.updates).toEqual({})
    expect(rowState(changes, row.id)).toBeNull()
  })

  it('returns the same object for an edit that changes nothing (no undo step)', () => {
    const row = userRow({ roleIds: ['a', 'b'] })
    const start = none()
    expect(applyEdit(start, { row, title: 'x', field: 'roleIds', value: ['a', 'b'] })).toBe(start)
    const staged = applyEdit(start, { row, title: 'x', field: 'name', value: 'Other' })
    expect(applyEdit(staged, { row: withStagedEdits(row, staged), title: 'x', field: 'name', value: 'Other' })).toBe(staged)
  })

  it('shows a saved row with its staged values and display values on top', () => {
    const row = userRow({ agencyId: null, agencyName: null })
    const agencyId = '11111111-1111-4111-8111-111111111111'
    const changes = applyEdit(none(), { row, title: 'x', field: 'agencyId', value: agencyId, display: { agencyName: 'Acme' } })
    expect(withStagedEdits(row, changes)).toEqual({ ...row, agencyId, agencyName: 'Acme' })
    expect(changes.updates[row.id]?.changes).toEqual({ agencyId })
    // A row with nothing staged is the row itself.
    const other = userRow()
    expect(withStagedEdits(other, changes)).toBe(other)
  })
})

describe('staging model: new rows', () => {
  const insert = (changes: StagedChanges<UserTypes>, clientId: string) =>
    addInsert(changes, { clientId, values: { name: '', email: '', agencyId: null, isActive: true, roleIds: [] }, display: {} })

  it('adds new rows newest first, shown from the blank row with the typed values', () => {
    const changes = insert(insert(none(), 'new-1'), 'new-2')
    expect(changes.inserts.map((i) => i.clientId)).toEqual(['new-2', 'new-1'])
    expect(rowState(changes, 'new-1')).toBe('inserted')
    const [newest] = changes.inserts
    expect(newest && insertedRow(newest, blankUser)).toMatchObject({ id: 'new-2', name: '', isActive: true, createdAt: '', updatedAt: '' })
  })

  it('edits a new row’s values in place, never as an update', () => {
    let changes = insert(none(), 'new-1')
    const [staged] = changes.inserts
    const row = insertedRow(staged!, blankUser)
    changes = applyEdit(changes, { row, title: 'New user', field: 'name', value: 'Cy' })
    changes = applyEdit(changes, { row, title: 'New user', field: 'agencyId', value: 'a1', display: { agencyName: 'Acme' } })
    expect(changes.updates).toEqual({})
    expect(changes.inserts[0]?.values).toMatchObject({ name: 'Cy', agencyId: 'a1' })
    expect(insertedRow(changes.inserts[0]!, blankUser)).toMatchObject({ id: 'new-1', name: 'Cy', agencyName: 'Acme' })
  })

  it('drops a new row when it is deleted or reverted: nothing is sent for it', () => {
    const changes = insert(insert(none(), 'new-1'), 'new-2')
    expect(stageDeletes(changes, [{ id: 'new-1', title: 'New' }]).inserts.map((i) => i.clientId)).toEqual(['new-2'])
    expect(stageDeletes(changes, [{ id: 'new-1', title: 'New' }]).deletes).toEqual({})
    expect(revertRow(changes, 'new-2').inserts.map((i) => i.clientId)).toEqual(['new-1'])
  })
})

describe('staging model: deletes, restores, reverts', () => {
  it('stages deletes by id; a deleted row counts once even with edits', () => {
    const row = userRow()
    let changes = applyEdit(none(), { row, title: 'Ann', field: 'name', value: 'Changed' })
    changes = stageDeletes(changes, [{ id: row.id, title: 'Ann' }])
    expect(rowState(changes, row.id)).toBe('deleted')
    expect(changes.deletes[row.id]).toEqual({ id: row.id, title: 'Ann' })
    expect(countChanges(changes)).toBe(1)
  })

  it('restores a soft-deleted row: shown as not deleted; deleting it again drops the restore', () => {
    const row = userRow({ deletedAt: '2025-02-01T00:00:00.000Z' })
    let changes = stageRestores(none(), [{ id: row.id, title: 'Ann' }])
    expect(rowState(changes, row.id)).toBe('restored')
    expect(withStagedEdits(row, changes).deletedAt).toBeNull()
    changes = stageDeletes(changes, [{ id: row.id, title: 'Ann' }])
    expect(changes.restores).toEqual({})
    expect(rowState(changes, row.id)).toBe('deleted')
  })

  it('reverts everything staged for one row and nothing of the others', () => {
    const [a, b] = [userRow(), userRow()]
    let changes = applyEdit(none(), { row: a, title: 'A', field: 'name', value: 'A2' })
    changes = applyEdit(changes, { row: b, title: 'B', field: 'name', value: 'B2' })
    changes = stageDeletes(changes, [{ id: a.id, title: 'A' }])
    changes = revertRow(changes, a.id)
    expect(rowState(changes, a.id)).toBeNull()
    expect(Object.keys(changes.updates)).toEqual([b.id])
  })

  it('drops the updates of rows reloaded after a conflict, keeping their deletes', () => {
    const [a, b] = [userRow(), userRow()]
    let changes = applyEdit(none(), { row: a, title: 'A', field: 'name', value: 'A2' })
    changes = applyEdit(changes, { row: b, title: 'B', field: 'name', value: 'B2' })
    changes = stageDeletes(changes, [{ id: b.id, title: 'B' }])
    changes = dropUpdates(changes, [a.id, b.id])
    expect(changes.updates).toEqual({})
    expect(Object.keys(changes.deletes)).toEqual([b.id])
  })
})
