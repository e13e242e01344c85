import { useCallback, type ClipboardEvent } from 'react'
import { toTsv } from './clipboard'
import type { GridColumn } from './resource'
import type { ResourceTypes, RowOf } from './resourceTypes'
import type { CellRange } from './useGridNavigation'

/** Ctrl/Cmd+C on the grid copies the active cell, or the selected range, as tab-separated text. */
export function useCopyRange<T extends ResourceTypes, Lookup>(
  range: CellRange,
  columns: readonly GridColumn<T, Lookup>[],
  rowAtIndex: (index: number) => RowOf<T> | undefined,
  lookup: Lookup,
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
        lines.push(picked.map((column) => (row ? column.text(row, lookup) : '')))
      }
      event.preventDefault()
      event.clipboardData.setData('text/plain', toTsv(lines))
    },
    [range, columns, rowAtIndex, lookup],
  )
}
