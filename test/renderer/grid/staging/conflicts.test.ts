import { describe, expect, it } from 'vitest'
import { CHANGED_ELSEWHERE, changedElsewhere, withConflicts } from '../../../../src/renderer/src/grid/staging/conflicts'
import { applyEdit, noChanges, stageDeletes } from '../../../../src/renderer/src/grid/staging/model'
import { userRow, type UserTypes } from './fixtures'

describe('staged rows changed elsewhere', () => {
  const [edited, untouched, deleted] = [userRow(), userRow(), userRow()]
  let changes = applyEdit(noChanges<UserTypes>(), { row: edited, title: 'E', field: 'name', value: 'Mine' })
  changes = applyEdit(changes, { row: deleted, title: 'D', field: 'name', value: 'Mine too' })
  changes = stageDeletes(changes, [{ id: deleted.id, title: 'D' }])
  const later = '2025-03-01T00:00:00.000Z'

  it('are the staged updates whose row was read again with another updatedAt', () => {
    expect(changedElsewhere(changes, [edited, untouched, deleted])).toEqual(new Map())
    const reread = [{ ...edited, updatedAt: later }, { ...untouched, updatedAt: later }, { ...deleted, updatedAt: later }]
    // An unstaged row just shows its new values; a staged delete sends no read time to conflict with.
    expect(changedElsewhere(changes, reread)).toEqual(new Map([[edited.id, CHANGED_ELSEWHERE]]))
  })

  it('are shown beside refused-save messages, which keep their own wording', () => {
    const conflicts = new Map([[edited.id, CHANGED_ELSEWHERE], [untouched.id, CHANGED_ELSEWHERE]])
    const refused = new Map([[edited.id, 'Edited was changed by someone else since you loaded it — reload it or overwrite?']])
    expect(withConflicts(refused, conflicts)).toEqual(new Map([[edited.id, refused.get(edited.id)], [untouched.id, CHANGED_ELSEWHERE]]))
    expect(withConflicts(refused, new Map())).toBe(refused)
  })
})
