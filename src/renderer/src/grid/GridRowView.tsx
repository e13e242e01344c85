import type { Row } from '@tanstack/react-table'
import type { GridFeatures } from './columns'
import { cellDomId, type GridContextValue } from './GridContext'
import { GridCell } from './GridCell'
import type { ResourceTypes, RowOf } from './resourceTypes'
import { rowState } from './staging/model'
import { ROW_HEADER } from './useGridNavigation'

interface Props<T extends ResourceTypes, Lookup> {
  grid: GridContextValue<T, Lookup>
  index: number
  start: number
  row: RowOf<T>
  tableRow: Row<GridFeatures, RowOf<T>>
}

/** One loaded row: selection box, the resource's cells, and the row's own actions. */
export function GridRowView<T extends ResourceTypes, Lookup>({ grid, index, start, row, tableRow }: Props<T, Lookup>) {
  const state = rowState(grid.changes, row.id)
  const title = grid.resource.describe(row) || `New ${grid.resource.noun}`
  const deleted = Boolean(row.deletedAt) && state !== 'restored'
  const selected = tableRow.getIsSelected()
  const error = grid.rowErrors.get(row.id)
  const updatedElsewhere = grid.recentlyChanged.has(row.id)
  const classes = ['grid-row']
  if (state) classes.push(`row-${state}`)
  if (deleted) classes.push('row-soft-deleted')
  if (selected) classes.push('row-selected')
  if (error) classes.push('row-invalid')
  if (updatedElsewhere) classes.push('row-live-updated')
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-label={title}
      aria-invalid={error ? true : undefined}
      aria-description={error}
      title={error}
      className={classes.join(' ')}
      style={{ transform: `translateY(${start}px)` }}
    >
      <div
        role="gridcell"
        id={cellDomId(grid.gridId, index, ROW_HEADER)}
        aria-colindex={1}
        aria-label={`Row ${title}`}
        className={`cell cell-select${grid.active.row === index && grid.active.col === ROW_HEADER ? ' cell-active' : ''}`}
        // The row header is a cell too: Enter on it opens the row form.
        onMouseDown={(e) => e.button === 0 && grid.select({ row: index, col: ROW_HEADER }, e.shiftKey)}
      >
        <input type="checkbox" tabIndex={-1} aria-label={`Select ${title}`} checked={selected} onChange={tableRow.getToggleSelectedHandler()} />
        {error ? (
          <span className="row-marker row-marker-invalid" title={error} />
        ) : (
          state && <span className={`row-marker row-marker-${state}`} title={`Staged: ${state}`} aria-label={`staged ${state}`} />
        )}
      </div>
      {grid.dataColumns.map((column, col) => (
        <GridCell
          key={column.id}
          grid={grid}
          column={column}
          row={row}
          rowIndex={index}
          colIndex={col}
          title={title}
          inserted={state === 'inserted'}
          // The first column, which names the row, says so when another session just changed it.
          updatedElsewhere={updatedElsewhere && col === 0}
        />
      ))}
      <div role="gridcell" aria-colindex={grid.dataColumns.length + 2} className="cell cell-actions">
        {grid.conflicts.has(row.id) && (
          <button type="button" tabIndex={-1} className="link-button" aria-label={`Resolve ${title}`} onClick={() => grid.openForm(index)}>
            Resolve
          </button>
        )}
        {state && (
          <button type="button" tabIndex={-1} className="link-button" aria-label={`Revert ${title}`} onClick={() => grid.revert(row)}>
            Revert
          </button>
        )}
        {deleted && state !== 'deleted' && !grid.readOnly && (
          <button type="button" tabIndex={-1} className="link-button" aria-label={`Restore ${title}`} onClick={() => grid.restore(row)}>
            Restore
          </button>
        )}
      </div>
    </div>
  )
}

/** A row whose block is still on its way. */
export function PlaceholderRow({ index, start, columns }: { index: number; start: number; columns: number }) {
  return (
    <div role="row" aria-rowindex={index + 2} aria-busy="true" className="grid-row row-placeholder" style={{ transform: `translateY(${start}px)` }}>
      {Array.from({ length: columns }, (_, i) => (
        <div key={i} role="gridcell" aria-colindex={i + 1} className="cell">
          <span className="skeleton" />
        </div>
      ))}
    </div>
  )
}
