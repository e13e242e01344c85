import type { CellRange } from '../useGridNavigation'

/** A pasted text and where it goes: a grid row (or, for new rows, the new row's number) and a data column. */
export interface PlacedText {
  row: number
  col: number
  text: string
}

export interface PastePlan {
  /** Texts for rows the grid has, by grid row index. */
  cells: PlacedText[]
  /** Texts for rows past the last one, by their number among the new rows (0 first). */
  newRowCells: PlacedText[]
  newRowCount: number
  /** Editable cells the paste reaches, new rows' included. */
  cellCount: number
  /** Read-only columns the block reached: their texts are not pasted. */
  skippedColumns: number[]
  /** Pasted columns past the grid's last column. */
  columnsCut: number
}

interface GridShape {
  rowCount: number
  colCount: number
  /** Whether the data column takes pasted values (it has an editor or a switch). */
  editable(col: number): boolean
}

/**
 * Where a block of pasted text goes. One value pasted onto several selected cells fills them all;
 * otherwise the block grows down and right from the selection's top-left cell, into new rows past
 * the last row.
 */
export function planPaste(block: readonly (readonly string[])[], range: CellRange, grid: GridShape): PastePlan {
  const single = block.length === 1 && block[0]?.length === 1
  const rangeCells = (range.bottom - range.top + 1) * (range.right - range.left + 1)
  const rows: readonly (readonly string[])[] =
    single && rangeCells > 1
      ? Array.from({ length: range.bottom - range.top + 1 }, () => Array.from({ length: range.right - range.left + 1 }, () => block[0]?.[0] ?? ''))
      : block
  const plan: PastePlan = { cells: [], newRowCells: [], newRowCount: 0, cellCount: 0, skippedColumns: [], columnsCut: 0 }
  const widest = Math.max(0, ...rows.map((cells) => cells.length))
  plan.columnsCut = Math.max(0, range.left + widest - grid.colCount)
  for (let col = range.left; col < Math.min(grid.colCount, range.left + widest); col++) {
    if (!grid.editable(col)) plan.skippedColumns.push(col)
  }
  rows.forEach((cells, r) => {
    const row = range.top + r
    cells.forEach((text, c) => {
      const col = range.left + c
      if (col >= grid.colCount || !grid.editable(col)) return
      plan.cellCount++
      if (row < grid.rowCount) plan.cells.push({ row, col, text })
      else plan.newRowCells.push({ row: row - grid.rowCount, col, text })
    })
  })
  plan.newRowCount = Math.max(0, range.top + rows.length - grid.rowCount)
  return plan
}

/** The plan without its new rows: what a paste does when the admin chooses not to add rows. */
export const withoutNewRows = (plan: PastePlan): PastePlan => ({
  ...plan,
  newRowCells: [],
  newRowCount: 0,
  cellCount: plan.cells.length,
})
