import type { Header } from '@tanstack/react-table'
import { ColumnFilter } from './ColumnFilter'
import { isDataColumn, SELECT_COLUMN, type GridFeatures } from './columns'
import type { GridTable } from './useGridTable'
import type { GridRow } from './types'

const ariaSort = (sorted: false | 'asc' | 'desc') => (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none')

function ColumnTitle({ header, multiSorted }: { header: Header<GridFeatures, GridRow, unknown>; multiSorted: boolean }) {
  const column = header.column
  const meta = column.columnDef.meta
  const label = String(column.columnDef.header ?? column.id)
  const sorted = column.getIsSorted()
  const required = meta?.required ? (
    <span className="required-marker" aria-label="required" title="Required">
      *
    </span>
  ) : null
  if (!meta?.sortKey) {
    return (
      <span className="header-title">
        {label}
        {required}
      </span>
    )
  }
  return (
    <button
      type="button"
      className="header-title header-sort"
      onClick={column.getToggleSortingHandler()}
      title="Sort (Shift-click to sort by several columns)"
    >
      {label}
      {required}
      <span className={`sort-indicator sort-${sorted || 'none'}`} aria-hidden="true">
        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
        {sorted && multiSorted && <sup>{column.getSortIndex() + 1}</sup>}
      </span>
    </button>
  )
}

/** Column titles (click to sort, Shift-click to add a sort), per-column filters, resize handles. */
export function GridHeader({ table }: { table: GridTable }) {
  const multiSorted = table.state.sorting.length > 1
  const headers = table.getHeaderGroups()[0]?.headers ?? []
  return (
    <div role="rowgroup" className="grid-header">
      <div role="row" aria-rowindex={1} className="grid-row grid-header-row">
        {headers.map((header, index) => {
          const column = header.column
          const meta = column.columnDef.meta
          const label = String(column.columnDef.header ?? column.id)
          return (
            <div
              key={header.id}
              role="columnheader"
              aria-label={label}
              aria-colindex={index + 1}
              aria-sort={meta?.sortKey ? ariaSort(column.getIsSorted()) : undefined}
              className={`cell header-cell${meta?.align === 'end' ? ' cell-end' : ''}`}
            >
              {column.id === SELECT_COLUMN ? (
                <input
                  type="checkbox"
                  aria-label="Select all loaded rows"
                  checked={table.getIsAllRowsSelected()}
                  ref={(el) => {
                    if (el) el.indeterminate = table.getIsSomeRowsSelected() && !table.getIsAllRowsSelected()
                  }}
                  onChange={table.getToggleAllRowsSelectedHandler()}
                />
              ) : isDataColumn(column.id) ? (
                <>
                  <ColumnTitle header={header} multiSorted={multiSorted} />
                  {meta?.filter ? <ColumnFilter column={column} spec={meta.filter} label={label} /> : <span className="filter-spacer" />}
                </>
              ) : (
                <span className="visually-hidden">{label}</span>
              )}
              {column.getCanResize() && (
                <div
                  className={`resize-handle${column.getIsResizing() ? ' resizing' : ''}`}
                  onMouseDown={header.getResizeHandler()}
                  onDoubleClick={() => column.resetSize()}
                  aria-hidden="true"
                />
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}
