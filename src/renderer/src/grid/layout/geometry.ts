import type { CSSProperties } from 'react'
import { SELECT_WIDTH } from '../columns'
import type { RowBase } from '../resourceTypes'
import type { GridTable } from '../useGridTable'

/** The grid's CSS variables: its rows' columns (the visible ones' widths, left to right), and where a frozen key column sits. */
export const columnsStyle = <Row extends RowBase>(table: GridTable<Row>) =>
  ({
    '--grid-columns': table
      .getVisibleLeafColumns()
      .map((c) => `${c.getSize()}px`)
      .join(' '),
    '--select-width': `${SELECT_WIDTH}px`,
  }) as CSSProperties

/** Where visible data column `col` lies across the grid, and how much of the view's left the frozen columns cover. */
export function horizontalSpan<Row extends RowBase>(table: GridTable<Row>, col: number): { left: number; width: number; covered: number } | null {
  // Data column `col` follows the selection column; the first one shows the selection column too.
  const column = table.getVisibleLeafColumns()[col + 1]
  if (!column) return null
  // A frozen column is always in view; going to it (Home) shows the row's start, as spreadsheets do.
  if (column.getIsPinned()) return { left: 0, width: 0, covered: 0 }
  const left = col === 0 ? 0 : column.getStart()
  return { left, width: column.getStart() + column.getSize() - left, covered: table.getStartTotalSize() }
}
