import { useCallback, useState, type KeyboardEvent } from 'react'

export interface CellPosition {
  row: number
  col: number
}

export interface CellRange {
  top: number
  bottom: number
  left: number
  right: number
}

export interface EditingCell extends CellPosition {
  /** The key that started the edit, typed into the editor as its first character. */
  seed?: string
}

interface Options {
  rowCount: number
  colCount: number
  rowsPerPage: number
  /** Brings the cell into view, down and across. */
  scrollToCell(cell: CellPosition): void
  /** Enter, F2, Space or typing on a cell: edit it, or toggle it when it is a boolean. */
  activate(cell: CellPosition, seed?: string): void
}

const rangeOf = (a: CellPosition, b: CellPosition): CellRange => ({
  top: Math.min(a.row, b.row),
  bottom: Math.max(a.row, b.row),
  left: Math.min(a.col, b.col),
  right: Math.max(a.col, b.col),
})

/** The active cell, the selected range and the cell being edited, moved by keyboard and mouse. */
export function useGridNavigation({ rowCount, colCount, rowsPerPage, scrollToCell, activate }: Options) {
  const [active, setActive] = useState<CellPosition>({ row: 0, col: 0 })
  const [anchor, setAnchor] = useState<CellPosition | null>(null)
  const [editing, setEditing] = useState<EditingCell | null>(null)

  const moveTo = useCallback(
    (target: CellPosition, extend = false) => {
      const cell = {
        row: Math.max(0, Math.min(rowCount - 1, target.row)),
        col: Math.max(0, Math.min(colCount - 1, target.col)),
      }
      setAnchor((current) => (extend ? (current ?? active) : null))
      setActive(cell)
      scrollToCell(cell)
    },
    [rowCount, colCount, active, scrollToCell],
  )

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (editing || event.target !== event.currentTarget) return
      const mod = event.ctrlKey || event.metaKey
      const { row, col } = active
      const move = (target: CellPosition) => {
        event.preventDefault()
        moveTo(target, event.shiftKey)
      }
      switch (event.key) {
        case 'ArrowUp':
          return move({ row: mod ? 0 : row - 1, col })
        case 'ArrowDown':
          return move({ row: mod ? rowCount - 1 : row + 1, col })
        case 'ArrowLeft':
          return move({ row, col: mod ? 0 : col - 1 })
        case 'ArrowRight':
          return move({ row, col: mod ? colCount - 1 : col + 1 })
        case 'Home':
          return move(mod ? { row: 0, col: 0 } : { row, col: 0 })
        case 'End':
          return move(mod ? { row: rowCount - 1, col: colCount - 1 } : { row, col: colCount - 1 })
        case 'PageUp':
          return move({ row: row - rowsPerPage, col })
        case 'PageDown':
          return move({ row: row + rowsPerPage, col })
        case 'Tab': {
          const step = event.shiftKey ? -1 : 1
          const next = row * colCount + col + step
          // Past the first or last cell, Tab leaves the grid as usual.
          if (next < 0 || next >= rowCount * colCount) return
          event.preventDefault()
          return moveTo({ row: Math.floor(next / colCount), col: next % colCount })
        }
        case 'Enter':
        case 'F2':
          event.preventDefault()
          return activate(active)
        case 'Escape':
          return setAnchor(null)
        default:
          if (event.key.length === 1 && !mod && !event.altKey) {
            event.preventDefault()
            activate(active, event.key)
          }
      }
    },
    [editing, active, moveTo, rowCount, colCount, rowsPerPage, activate],
  )

  const range = rangeOf(anchor ?? active, active)
  return { active, range, editing, setEditing, moveTo, onKeyDown }
}

export const inRange = (range: CellRange, row: number, col: number) =>
  row >= range.top && row <= range.bottom && col >= range.left && col <= range.right
