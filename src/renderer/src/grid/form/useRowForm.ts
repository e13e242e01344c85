import type { RowSelectionState } from '@tanstack/react-table'
import { useCallback, useState } from 'react'
import { ROW_HEADER } from '../useGridNavigation'

interface Options {
  rowIdAt(index: number): string | undefined
  selectRows(update: (selected: RowSelectionState) => RowSelectionState): void
  moveTo(cell: { row: number; col: number }): void
}

/**
 * The row form beside the grid: open or not, the grid's frame it is laid out in, and the row
 * header's keys (Enter opens the form, Space selects the row).
 */
export function useRowForm({ rowIdAt, selectRows, moveTo }: Options) {
  const [open, setOpen] = useState(false)
  const [frame, setFrame] = useState<HTMLDivElement | null>(null)
  const activateRowHeader = useCallback(
    (rowIndex: number, seed?: string) => {
      if (seed === undefined) setOpen(true)
      const id = rowIdAt(rowIndex)
      if (seed === ' ' && id)
        selectRows((selected) => (selected[id] ? Object.fromEntries(Object.entries(selected).filter(([key]) => key !== id)) : { ...selected, [id]: true }))
    },
    [rowIdAt, selectRows],
  )
  return {
    open,
    setOpen,
    frame,
    setFrame,
    activateRowHeader,
    /** Opens the form on a row (its row button: a conflict to resolve). */
    openAt: (rowIndex: number) => {
      moveTo({ row: rowIndex, col: ROW_HEADER })
      setOpen(true)
    },
  }
}
