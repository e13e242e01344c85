import { useCallback, type ClipboardEvent } from 'react'
import { toTsv } from './clipboard'
import type { GridColumnDef } from './columns'
import { cellText } from './format'
import type { CellRange } from './useGridNavigation'
import type { GridRow } from './types'

/** Ctrl/Cmd+C on the grid copies the active cell, or the selected range, as tab-separated text. */
export function useCopyRange(
  range: CellRange,
  columns: GridColumnDef[],
  rowAtIndex: (index: number) => GridRow | undefined,
  roleNames: ReadonlyMap<string, string>,
) {
  return useCallback(
    (event: ClipboardEvent<HTMLElement>) => {
      // Inside an editor, copying its text is the browser's.
      const target = event.target as HTMLElement
      if (target.closest('input, textarea, [contenteditable="true"]')) return
      const lines: string[][] = []
      for (let index = range.top; index <= range.bottom; index++) {
        const row = rowAtIndex(index)
        const picked = columns.slice(range.left, range.right + 1)
        lines.push(picked.map((column) => (row ? cellText(column, row, roleNames) : '')))
      }
      event.preventDefault()
      event.clipboardData.setData('text/plain', toTsv(lines))
    },
    [range, columns, rowAtIndex, roleNames],
  )
}
