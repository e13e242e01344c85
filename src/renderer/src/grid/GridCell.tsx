import { useEffect, useState } from 'react'
import { FloatingMessage } from './FloatingMessage'
import { cellDomId, cellKey, type GridContextValue } from './GridContext'
import type { GridColumn } from './resource'
import type { ResourceTypes, RowOf } from './resourceTypes'
import { inRange } from './useGridNavigation'

interface Props<T extends ResourceTypes, Lookup> {
  grid: GridContextValue<T, Lookup>
  column: GridColumn<T, Lookup>
  row: RowOf<T>
  rowIndex: number
  colIndex: number
  title: string
  inserted: boolean
  /** Another session saved this row a moment ago: the cell shows a fading hint (live updates). */
  updatedElsewhere?: boolean
}

/** One cell: its value (the column's own cell renderer), its staged/invalid state, and its editor while edited. */
export function GridCell<T extends ResourceTypes, Lookup>({ grid, column, row, rowIndex, colIndex, title, inserted, updatedElsewhere = false }: Props<T, Lookup>) {
  const edit = column.edit
  const field = edit?.field
  const label = `${column.header} of ${title}`
  const isActive = grid.active.row === rowIndex && grid.active.col === colIndex
  const isEditing = grid.editing?.row === rowIndex && grid.editing.col === colIndex
  const changed = field !== undefined && field in (grid.changes.updates[row.id]?.changes ?? {})
  const error = field ? grid.cellErrors.get(cellKey(row.id, field)) : undefined
  const text = column.text(row, grid.lookup)
  const missing = inserted && column.required && text === ''
  const cell = { row: rowIndex, col: colIndex }
  const errorId = `${cellDomId(grid.gridId, rowIndex, colIndex)}-error`
  // The refused-save message shows while the cell is active or under the pointer.
  const [element, setElement] = useState<HTMLDivElement | null>(null)
  const [hovered, setHovered] = useState(false)
  // So does the full text of a cell too narrow for it (cut off with an ellipsis). Assistive
  // technology reads the cell's whole text already: the popup is for the eyes.
  const [truncated, setTruncated] = useState(false)
  const focusedHere = isActive && grid.focused
  const watched = focusedHere || hovered
  useEffect(() => {
    const content = element?.querySelector('.cell-content')
    if (!watched || !(content instanceof HTMLElement)) return
    // Measured as it first shows and again as its column is resized.
    const observer = new ResizeObserver(() => setTruncated(content.scrollWidth > content.clientWidth))
    observer.observe(content)
    return () => observer.disconnect()
  }, [watched, element, text])

  const content = column.Cell ? (
    <column.Cell row={row} text={text} label={label} disabled={!edit || grid.readOnly || Boolean(row.deletedAt)} onToggle={() => grid.toggle(row, column)} />
  ) : (
    <span className={`cell-content${text === '' ? ' cell-empty' : ''}`}>{missing ? 'required' : text}</span>
  )

  const classes = ['cell']
  if (!edit) classes.push('cell-readonly')
  if (column.className) classes.push(column.className)
  if (column.align === 'end') classes.push('cell-end')
  if (isActive) classes.push('cell-active')
  if (inRange(grid.range, rowIndex, colIndex)) classes.push('cell-in-range')
  if (changed) classes.push('cell-changed')
  if (error) classes.push('cell-invalid')
  if (missing) classes.push('cell-missing')

  return (
    <div
      ref={setElement}
      role="gridcell"
      id={cellDomId(grid.gridId, rowIndex, colIndex)}
      aria-colindex={colIndex + 2}
      aria-selected={inRange(grid.range, rowIndex, colIndex)}
      aria-readonly={!field || grid.readOnly || undefined}
      aria-invalid={error ? true : undefined}
      aria-describedby={error ? errorId : undefined}
      className={classes.join(' ')}
      onMouseDown={(e) => {
        if (isEditing || e.button !== 0) return
        grid.select(cell, e.shiftKey)
      }}
      onDoubleClick={() => !isEditing && grid.activate(cell)}
      onMouseEnter={() => setHovered(true)}
      onMouseLeave={() => setHovered(false)}
    >
      {isEditing && edit && 'EditCell' in edit ? (
        <edit.EditCell
          row={row}
          field={edit.field}
          label={label}
          seed={grid.editing?.seed}
          commit={(value, display, move) => grid.commit(cell, row, value, display, move)}
          cancel={grid.cancelEdit}
          anchor={content}
          registerCommit={grid.registerEditorCommit}
        />
      ) : (
        content
      )}
      {updatedElsewhere && !isEditing && (
        <span className="live-hint" title="Updated just now by another session">
          Updated just now<span className="visually-hidden"> by another session</span>
        </span>
      )}
      {error && !isEditing && (
        <span id={errorId} className="visually-hidden">
          {error}
        </span>
      )}
      {error && !isEditing && (isActive || hovered) && <FloatingMessage anchor={element}>{error}</FloatingMessage>}
      {!error && !isEditing && truncated && (focusedHere || hovered) && (
        <FloatingMessage anchor={element} tone="info">
          {text}
        </FloatingMessage>
      )}
    </div>
  )
}
