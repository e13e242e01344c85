import { describe, expect, it } from 'vitest'
import { contract } from '../../../../src/shared/contract'
import { toSaveRequest } from '../../../../src/renderer/src/grid/staging/batch'
import { addInsert, applyEdit, noChanges, stageDeletes, stageRestores } from '../../../../src/renderer/src/grid/staging/model'
import { userRow, type UserTypes } from './fixtures'

describe('the batch a save sends', () => {
  const [edited, deleted, restored, conflicting] = [userRow(), userRow(), userRow({ deletedAt: '2025-02-01T00:00:00.000Z' }), userRow()]
  let changes = applyEdit(noChanges<UserTypes>(), { row: edited, title: 'E', field: 'name', value: 'Edited' })
  changes = applyEdit(changes, { row: conflicting, title: 'C', field: 'isActive', value: false })
  changes = applyEdit(changes, { row: deleted, title: 'D', field: 'name', value: 'Edited, then deleted' })
  changes = stageDeletes(changes, [{ id: deleted.id, title: 'D' }])
  changes = stageRestores(changes, [{ id: restored.id, title: 'R' }])
  const values = { name: '', email: '', agencyId: null, isActive: true, roleIds: [] }
  changes = addInsert(changes, { clientId: 'new-1', values: { ...values, name: 'First', email: 'first@example.com' }, display: {} })
  changes = addInsert(changes, { clientId: 'new-2', values: { ...values, name: 'Second', email: 'second@example.com' }, display: { agencyName: 'Shown only' } })

  it('holds inserts oldest first, updates with their read time, deletes and restores by id', () => {
    const request = toSaveRequest(changes, true, new Set([conflicting.id]))
    expect(request.inserts).toEqual([
      { ...values, name: 'First', email: 'first@example.com', clientId: 'new-1' },
      { ...values, name: 'Second', email: 'second@example.com', clientId: 'new-2' },
    ])
    // A deleted row's edits are not sent; an overwrite is only asked for the rows named.
    expect(request.updates).toEqual([
      { id: edited.id, updatedAt: edited.updatedAt, changes: { name: 'Edited' } },
      { id: conflicting.id, updatedAt: conflicting.updatedAt, changes: { isActive: false }, overwrite: true },
    ])
    expect(request.deletes).toEqual([{ id: deleted.id }])
    expect(request.restores).toEqual([{ id: restored.id }])
  })

  it('is a batch the main process accepts', () => {
    const parsed = contract['users.save'].input.safeParse(toSaveRequest(changes, true))
    expect(parsed.error?.issues ?? []).toEqual([])
  })

  it('carries restores only for resources that delete softly (the others’ batch refuses the key)', () => {
    const hard = toSaveRequest(noChanges<UserTypes>(), false)
    expect(hard).not.toHaveProperty('restores')
    expect(contract['roles.save'].input.safeParse(toSaveRequest(noChanges(), true)).success).toBe(false)
    expect(contract['roles.save'].input.safeParse(hard).success).toBe(true)
  })
})
