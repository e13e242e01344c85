import { CellEditor } from './CellEditor'
import { cellDomId, cellKey, useGridContext } from './GridContext'
import type { GridColumnDef } from './columns'
import { cellText } from './format'
import { inRange } from './useGridNavigation'
import type { GridRow } from './types'

interface Props {
  column: GridColumnDef
  row: GridRow
  rowIndex: number
  colIndex: number
  title: string
  inserted: boolean
}

/** One cell: its value, its staged/invalid state, and its editor while it is being edited. */
export function GridCell({ column, row, rowIndex, colIndex, title, inserted }: Props) {
  const grid = useGridContext()
  const meta = column.meta
  const field = meta?.field
  const kind = meta?.editor ?? 'readonly'
  const header = typeof column.header === 'string' ? column.header : (column.id ?? '')
  const label = `${header} of ${title}`
  const isActive = grid.active.row === rowIndex && grid.active.col === colIndex
  const isEditing = grid.editing?.row === rowIndex && grid.editing.col === colIndex
  const changed = field !== undefined && field in (grid.changes.updates[row.id]?.changes ?? {})
  const error = field ? grid.cellErrors.get(cellKey(row.id, field)) : undefined
  const text = cellText(column, row, grid.roleNames)
  const missing = inserted && meta?.required && text === ''
  const cell = { row: rowIndex, col: colIndex }
  const errorId = `${cellDomId(grid.gridId, rowIndex, colIndex)}-error`

  const content =
    kind === 'boolean' ? (
      <button
        type="button"
        role="switch"
        tabIndex={-1}
        className="cell-switch"
        aria-checked={Boolean(row[column.id ?? ''])}
        aria-label={label}
        disabled={!field || grid.readOnly || Boolean(row.deletedAt)}
        onClick={() => field && grid.toggle(row, field)}
      >
        <span className="cell-switch-thumb" />
      </button>
    ) : kind === 'roles' ? (
      <span className="cell-content cell-chips">
        {text === '' ? <span className="cell-empty">—</span> : text.split(', ').map((name, i) => <span key={i} className="chip">{name}</span>)}
      </span>
    ) : (
      <span className={`cell-content${text === '' ? ' cell-empty' : ''}`}>{missing ? 'required' : text === '' && kind === 'agency' ? '—' : text}</span>
    )

  const classes = ['cell', `cell-${kind}`]
  if (meta?.align === 'end') classes.push('cell-end')
  if (isActive) classes.push('cell-active')
  if (inRange(grid.range, rowIndex, colIndex)) classes.push('cell-in-range')
  if (changed) classes.push('cell-changed')
  if (error) classes.push('cell-invalid')
  if (missing) classes.push('cell-missing')

  return (
    <div
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
    >
      {isEditing && field ? (
        <CellEditor
          kind={kind}
          row={row}
          field={field}
          label={label}
          seed={grid.editing?.seed}
          commit={(value, move) => grid.commit(cell, row, value, move)}
          cancel={grid.cancelEdit}
          anchor={content}
          registerCommit={grid.registerEditorCommit}
        />
      ) : (
        content
      )}
      {error && !isEditing && (
        <span id={errorId} className={`cell-error${isActive ? ' cell-error-visible' : ''}`}>
          {error}
        </span>
      )}
    </div>
  )
}
