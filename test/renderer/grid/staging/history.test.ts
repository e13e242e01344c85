import { describe, expect, it } from 'vitest'
import { emptyHistory, historyReducer, type HistoryAction, type StagingHistory } from '../../../../src/renderer/src/grid/staging/history'
import { applyEdit, stageDeletes, withStagedEdits } from '../../../../src/renderer/src/grid/staging/model'
import { userRow, type UserTypes } from './fixtures'

const run = (actions: HistoryAction<UserTypes>[], start: StagingHistory<UserTypes> = emptyHistory()) => actions.reduce(historyReducer<UserTypes>, start)

describe('undo/redo history of staged changes', () => {
  const row = userRow({ name: 'Ann' })
  const rename = (name: string): HistoryAction<UserTypes> => ({
    type: 'apply',
    change: (present) => applyEdit(present, { row: withStagedEdits(row, present), title: 'Ann', field: 'name', value: name }),
  })
  const nameOf = (history: StagingHistory<UserTypes>) => history.present.updates[row.id]?.changes.name

  it('undoes edits one action at a time and redoes them in order', () => {
    const edited = run([rename('B'), rename('C'), rename('D')])
    expect(nameOf(edited)).toBe('D')
    const undone = run([{ type: 'undo' }, { type: 'undo' }], edited)
    expect(nameOf(undone)).toBe('B')
    expect(undone.future).toHaveLength(2)
    expect(nameOf(run([{ type: 'redo' }], undone))).toBe('C')
    expect(nameOf(run([{ type: 'redo' }, { type: 'redo' }], undone))).toBe('D')
    // Undoing everything leaves nothing staged.
    expect(run([{ type: 'undo' }, { type: 'undo' }, { type: 'undo' }], edited).present.updates).toEqual({})
  })

  it('forgets what could be redone once a new change is made', () => {
    const branched = run([rename('B'), rename('C'), { type: 'undo' }, rename('X')])
    expect(nameOf(branched)).toBe('X')
    expect(branched.future).toEqual([])
    expect(run([{ type: 'redo' }], branched)).toBe(branched)
  })

  it('undoes a delete after edits, back to the edits', () => {
    const deleted = run([rename('B'), { type: 'apply', change: (present) => stageDeletes(present, [{ id: row.id, title: 'Ann' }]) }])
    expect(deleted.present.deletes).toHaveProperty(row.id)
    const undone = run([{ type: 'undo' }], deleted)
    expect(undone.present.deletes).toEqual({})
    expect(nameOf(undone)).toBe('B')
  })

  it('records no step for a change that changes nothing, and ignores undo/redo with nothing to do', () => {
    const start = emptyHistory<UserTypes>()
    expect(run([rename('Ann')], start)).toBe(start)
    expect(run([{ type: 'undo' }, { type: 'redo' }], start)).toBe(start)
  })

  it('starts over on reset (Discard, or after a save)', () => {
    const reset = run([rename('B'), rename('C'), { type: 'undo' }, { type: 'reset' }])
    expect(reset).toEqual(emptyHistory())
  })

  it('keeps at most 500 undo steps', () => {
    const edits = Array.from({ length: 510 }, (_, i) => rename(`Name ${i}`))
    const history = run(edits)
    expect(history.past).toHaveLength(500)
    expect(nameOf(history)).toBe('Name 509')
  })
})
