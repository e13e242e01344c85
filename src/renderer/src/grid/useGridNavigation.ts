import { useCallback, useEffect, useEffectEvent, useMemo, useState, type KeyboardEvent } from 'react'
import { bindingFor, gridBindings, isKeyHandled, type GridKeyAction } from './keyBindings'

export interface CellPosition {
  row: number
  col: number
}

/** The row header's column (the selection box left of the first cell): Enter there opens the row form. */
export const ROW_HEADER = -1

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
  /** Enter, F2, Space or typing on a cell: edit it, or toggle it when it is a boolean (on a row header: the row form, or selecting the row). */
  activate(cell: CellPosition, seed?: string): void
  /** Ctrl/Cmd+D: the range's top row into the rows below it. */
  fillDown(range: CellRange): void
  /** Delete or Backspace: empties the range's cells that can be empty. */
  clear(range: CellRange): void
}

const rangeOf = (a: CellPosition, b: CellPosition): CellRange => ({
  top: Math.min(a.row, b.row),
  bottom: Math.max(a.row, b.row),
  left: Math.min(a.col, b.col),
  right: Math.max(a.col, b.col),
})

/** The active cell, the selected range and the cell being edited, moved by keyboard and mouse. */
export function useGridNavigation({ rowCount, colCount, rowsPerPage, scrollToCell, activate, fillDown, clear }: Options) {
  const [position, setPosition] = useState<CellPosition>({ row: 0, col: 0 })
  const [anchor, setAnchor] = useState<CellPosition | null>(null)
  const [editing, setEditing] = useState<EditingCell | null>(null)
  // Asked for the last row (Ctrl+End, Ctrl+↓), the active cell stays on it as the row count changes:
  // a large table's total is an estimate until its exact count arrives (10M users: 9,999,919, then
  // 10,000,000), and the end is where the user asked to be.
  const [followsEnd, setFollowsEnd] = useState(false)
  const lastRow = rowCount - 1
  const active = useMemo(() => (followsEnd && lastRow >= 0 ? { row: lastRow, col: position.col } : position), [followsEnd, lastRow, position])

  const moveTo = useCallback(
    (target: CellPosition, extend = false, toEnd = false) => {
      const cell = {
        row: Math.max(0, Math.min(rowCount - 1, target.row)),
        col: Math.max(ROW_HEADER, Math.min(colCount - 1, target.col)),
      }
      setAnchor((current) => (extend ? (current ?? active) : null))
      setPosition(cell)
      setFollowsEnd(toEnd)
      scrollToCell(cell)
    },
    [rowCount, colCount, active, scrollToCell],
  )

  // Only a new last row scrolls (a re-render must not pull the view back from where the wheel took it).
  const showLastRow = useEffectEvent((row: number) => scrollToCell({ row, col: position.col }))
  useEffect(() => {
    if (followsEnd && lastRow >= 0) showLastRow(lastRow)
  }, [followsEnd, lastRow])

  const range = useMemo(() => {
    const from = anchor ?? active
    const cells = rangeOf(from, active)
    // From a row header the range is whole rows, as a spreadsheet's row header selects its row.
    return from.col === ROW_HEADER || active.col === ROW_HEADER ? { ...cells, left: 0, right: colCount - 1 } : cells
  }, [anchor, active, colCount])

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
      if (editing || event.target !== event.currentTarget) return
      const binding = bindingFor(gridBindings, event)
      if (!binding || !isKeyHandled(binding)) return
      const { row, col } = active
      const move = (target: CellPosition, toEnd = false) => () => {
        event.preventDefault()
        moveTo(target, event.shiftKey, toEnd)
      }
      const tab = (step: number) => () => {
        const next = col === ROW_HEADER && step < 0 ? row * colCount - 1 : row * colCount + col + step
        // Past the first or last cell, Tab leaves the grid as usual.
        if (next < 0 || next >= rowCount * colCount) return
        event.preventDefault()
        moveTo({ row: Math.floor(next / colCount), col: next % colCount })
      }
      const edit = (seed?: string) => () => {
        event.preventDefault()
        activate(active, seed)
      }
      const onRange = (action: (range: CellRange) => void) => () => {
        event.preventDefault()
        action(range)
      }
      // One handler per action of keyBindings.ts: a binding added there without one here does not compile.
      const handlers: Record<GridKeyAction, () => void> = {
        up: move({ row: row - 1, col }),
        down: move({ row: row + 1, col }),
        left: move({ row, col: col - 1 }),
        right: move({ row, col: col + 1 }),
        firstRow: move({ row: 0, col }),
        lastRow: move({ row: rowCount - 1, col }, true),
        rowStart: move({ row, col: 0 }),
        rowEnd: move({ row, col: colCount - 1 }),
        firstCell: move({ row: 0, col: 0 }),
        lastCell: move({ row: rowCount - 1, col: colCount - 1 }, true),
        pageUp: move({ row: row - rowsPerPage, col }),
        pageDown: move({ row: row + rowsPerPage, col }),
        next: tab(1),
        previous: tab(-1),
        edit: edit(),
        flip: edit(' '),
        type: edit(event.key),
        collapse: () => setAnchor(null),
        fillDown: onRange(fillDown),
        clear: onRange(clear),
      }
      handlers[binding.action]()
    },
    [editing, active, range, moveTo, rowCount, colCount, rowsPerPage, activate, fillDown, clear],
  )

  return { active, range, editing, setEditing, moveTo, onKeyDown }
}

export const inRange = (range: CellRange, row: number, col: number) =>
  row >= range.top && row <= range.bottom && col >= range.left && col <= range.right
