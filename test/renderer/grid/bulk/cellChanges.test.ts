import { describe, expect, it } from 'vitest'
import { checkRowChanges, clearChanges, fillDownChanges, pasteChange, type PlacedValue } from '../../../../src/renderer/src/grid/bulk/cellChanges'
import { readBoolean } from '../../../../src/renderer/src/grid/bulk/readers'
import { emptyHistory, historyReducer } from '../../../../src/renderer/src/grid/staging/history'
import { applyBulk, insertedRow, noChanges, stageDeletes, withStagedEdits } from '../../../../src/renderer/src/grid/staging/model'
import { usersResource } from '../../../../src/renderer/src/features/users/resource'
import { blankUser, userRow, type UserTypes } from '../staging/fixtures'

const columns = usersResource.columns
const col = (id: string) => columns.findIndex((c) => c.id === id)
const agencyA = '00000000-0000-4000-8000-0000000000aa'
const text = (row: number, column: string, value: string): PlacedValue<UserTypes> => ({ row, col: col(column), text: value, read: { ok: true, value } })

describe('pasteChange: pasted values become staged edits, checked like typed ones', () => {
  const rows = [userRow({ name: 'Ann' }), userRow({ name: 'Bob' }), userRow({ name: 'Cid', isActive: false })]
  let ids = 0
  const input = (cells: PlacedValue<UserTypes>[], extra: Partial<Parameters<typeof pasteChange<UserTypes, unknown>>[0]> = {}) => ({
    resource: usersResource,
    columns,
    cells,
    newRowCells: [],
    newRowCount: 0,
    changes: noChanges<UserTypes>(),
    rowAt: (index: number) => rows[index],
    newClientId: () => `new-${++ids}`,
    ...extra,
  })

  it('stages every valid cell, trimmed by the field’s rule, and marks the invalid ones with why', () => {
    const result = pasteChange(
      input([
        text(0, 'name', '  Ann Lee '),
        text(0, 'email', 'not-an-email'),
        text(1, 'name', 'Bob Ray'),
        { row: 1, col: col('isActive'), text: 'perhaps', read: readBoolean('perhaps') },
        { row: 2, col: col('isActive'), text: 'yes', read: readBoolean('yes') },
      ]),
    )
    const staged = applyBulk(noChanges<UserTypes>(), result.bulk)
    expect(staged.updates[rows[0]!.id]?.changes).toEqual({ name: 'Ann Lee' })
    expect(staged.updates[rows[1]!.id]?.changes).toEqual({ name: 'Bob Ray' })
    expect(staged.updates[rows[2]!.id]?.changes).toEqual({ isActive: true })
    expect(result.refused).toEqual([
      { rowId: rows[1]!.id, field: 'isActive', message: 'Not pasted: “perhaps” is not yes or no (use true/false, yes/no or 1/0)' },
      { rowId: rows[0]!.id, field: 'email', message: 'Not pasted: not-an-email is not a valid email address' },
    ])
  })

  it('carries what a value shows beside it (the agency’s name) into the staged row', () => {
    const result = pasteChange(input([{ row: 0, col: col('agencyId'), text: 'Agency A', read: { ok: true, value: agencyA, display: { agencyName: 'Agency A' } } }]))
    const staged = applyBulk(noChanges<UserTypes>(), result.bulk)
    expect(withStagedEdits(rows[0]!, staged)).toMatchObject({ agencyId: agencyA, agencyName: 'Agency A' })
  })

  it('leaves deleted rows and rows not loaded as they were, and counts them', () => {
    const deleted = stageDeletes(noChanges<UserTypes>(), [{ id: rows[0]!.id, title: 'Ann' }])
    const result = pasteChange(input([text(0, 'name', 'X'), text(1, 'name', 'Y'), text(7, 'name', 'Z')], { changes: deleted }))
    expect(result.bulk.edits.map((e) => e.row.id)).toEqual([rows[1]!.id])
    expect(result.unreachable).toBe(2)
  })

  it('adds new rows from the resource’s new row, listed top to bottom as pasted', () => {
    const result = pasteChange(
      input([], {
        newRowCount: 2,
        newRowCells: [text(0, 'name', 'New One'), text(0, 'email', 'one@example.com'), text(1, 'name', 'New Two'), text(1, 'email', 'bad')],
      }),
    )
    const staged = applyBulk(noChanges<UserTypes>(), result.bulk)
    expect(staged.inserts.map((i) => insertedRow(i, blankUser).name)).toEqual(['New One', 'New Two'])
    expect(staged.inserts[0]?.values).toEqual({ name: 'New One', email: 'one@example.com', agencyId: null, isActive: true, roleIds: [] })
    expect(result.refused).toEqual([{ rowId: staged.inserts[1]!.clientId, field: 'email', message: 'Not pasted: bad is not a valid email address' }])
  })

  it('is one undo step however many cells it stages', () => {
    const result = pasteChange(input([text(0, 'name', 'A2'), text(1, 'name', 'B2'), text(2, 'name', 'C2')], { newRowCount: 1, newRowCells: [text(0, 'name', 'D2')] }))
    const pasted = historyReducer(emptyHistory<UserTypes>(), { type: 'apply', change: (present) => applyBulk(present, result.bulk) })
    expect(Object.keys(pasted.present.updates)).toHaveLength(3)
    expect(pasted.present.inserts).toHaveLength(1)
    expect(pasted.past).toHaveLength(1)
    expect(historyReducer(pasted, { type: 'undo' }).present).toEqual(noChanges())
  })
})

describe('fill down and clear', () => {
  it('fills each column’s top value, with its agency name, into every row below', () => {
    const top = userRow({ agencyId: agencyA, agencyName: 'Agency A', isActive: false })
    const below = [userRow(), userRow({ isActive: false })]
    const picked = columns.filter((c) => c.id === 'agencyId' || c.id === 'isActive')
    const { bulk, refused } = checkRowChanges(usersResource, fillDownChanges(picked, [top, ...below]))
    expect(refused).toEqual([])
    const staged = applyBulk(noChanges<UserTypes>(), bulk)
    expect(withStagedEdits(below[0]!, staged)).toMatchObject({ agencyId: agencyA, agencyName: 'Agency A', isActive: false })
    // The second row already was inactive: only its agency changes.
    expect(staged.updates[below[1]!.id]?.changes).toEqual({ agencyId: agencyA })
    expect(staged.updates[top.id]).toBeUndefined()
  })

  it('clears fields that can be empty and names those that cannot', () => {
    const row = userRow({ agencyId: agencyA, agencyName: 'Agency A' })
    const picked = columns.filter((c) => ['name', 'agencyId', 'createdAt'].includes(c.id))
    const { targets, kept } = clearChanges(usersResource, picked, [row])
    expect(kept.map((c) => c.header)).toEqual(['Name'])
    const staged = applyBulk(noChanges<UserTypes>(), checkRowChanges(usersResource, targets).bulk)
    expect(withStagedEdits(row, staged)).toMatchObject({ agencyId: null, agencyName: null, name: row.name })
  })
})

describe('bulk edit of selected rows', () => {
  it('stages one change of every row as one undo step, visible like typed edits', () => {
    const rows = [userRow({ roleIds: ['r-1'] }), userRow(), userRow({ isActive: false })]
    const setInactive = usersResource.bulkEdits?.find((edit) => edit.label === 'Set inactive')
    if (!setInactive || !('change' in setInactive)) throw new Error('users offer "Set inactive"')
    const role = '00000000-0000-4000-8000-0000000000bb'
    const targets = rows.map((row) => ({ row, changes: [...setInactive.change(row), { field: 'roleIds' as const, value: [...row.roleIds, role] }] }))
    // r-1 is no valid id: that row's roles are refused, its other change is staged.
    const { bulk, refused } = checkRowChanges(usersResource, targets)
    expect(refused).toEqual([{ rowId: rows[0]!.id, field: 'roleIds', message: 'Must be a valid id' }])
    const history = historyReducer(emptyHistory<UserTypes>(), { type: 'apply', change: (present) => applyBulk(present, bulk) })
    expect(history.past).toHaveLength(1)
    expect(history.present.updates[rows[0]!.id]?.changes).toEqual({ isActive: false })
    expect(history.present.updates[rows[1]!.id]?.changes).toEqual({ isActive: false, roleIds: [role] })
    expect(history.present.updates[rows[2]!.id]?.changes).toEqual({ roleIds: [role] })
    expect(historyReducer(history, { type: 'undo' }).present).toEqual(noChanges())
  })
})
