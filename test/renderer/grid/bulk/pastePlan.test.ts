import { describe, expect, it } from 'vitest'
import { planPaste, withoutNewRows } from '../../../../src/renderer/src/grid/bulk/pastePlan'

// Columns 0–2 editable, 3 read-only (a date), 4 editable.
const grid = { rowCount: 10, colCount: 5, editable: (col: number) => col !== 3 }
const at = (row: number, col: number) => ({ top: row, bottom: row, left: col, right: col })

describe('planPaste: where pasted text goes', () => {
  it('places a block down and right from the active cell', () => {
    const plan = planPaste([['a', 'b'], ['c', 'd'], ['e', 'f']], at(2, 1), grid)
    expect(plan.cells).toEqual([
      { row: 2, col: 1, text: 'a' },
      { row: 2, col: 2, text: 'b' },
      { row: 3, col: 1, text: 'c' },
      { row: 3, col: 2, text: 'd' },
      { row: 4, col: 1, text: 'e' },
      { row: 4, col: 2, text: 'f' },
    ])
    expect(plan).toMatchObject({ newRowCount: 0, cellCount: 6, skippedColumns: [], columnsCut: 0 })
  })

  it('starts at the selection’s top-left cell', () => {
    const plan = planPaste([['a', 'b']], { top: 4, bottom: 6, left: 0, right: 2 }, grid)
    expect(plan.cells.map((c) => [c.row, c.col])).toEqual([
      [4, 0],
      [4, 1],
    ])
  })

  it('fills every selected cell with one pasted value', () => {
    const plan = planPaste([['x']], { top: 1, bottom: 3, left: 1, right: 2 }, grid)
    expect(plan.cells).toHaveLength(6)
    expect(new Set(plan.cells.map((c) => c.text))).toEqual(new Set(['x']))
  })

  it('skips read-only columns, and names them', () => {
    const plan = planPaste([['a', 'b', 'c']], at(0, 2), grid)
    expect(plan.cells.map((c) => c.col)).toEqual([2, 4])
    expect(plan.skippedColumns).toEqual([3])
  })

  it('counts columns past the last one as cut off', () => {
    const plan = planPaste([['a', 'b', 'c']], at(0, 4), grid)
    expect(plan.cells.map((c) => c.col)).toEqual([4])
    expect(plan.columnsCut).toBe(2)
  })

  it('puts rows past the last row into new rows, which the admin may decline', () => {
    const plan = planPaste([['a'], ['b'], ['c'], ['d']], at(8, 0), grid)
    expect(plan.cells.map((c) => c.row)).toEqual([8, 9])
    expect(plan.newRowCells).toEqual([
      { row: 0, col: 0, text: 'c' },
      { row: 1, col: 0, text: 'd' },
    ])
    expect(plan.newRowCount).toBe(2)
    expect(plan.cellCount).toBe(4)
    expect(withoutNewRows(plan)).toMatchObject({ newRowCells: [], newRowCount: 0, cellCount: 2 })
  })
})
