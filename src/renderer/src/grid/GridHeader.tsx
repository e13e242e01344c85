import type { Column, Header } from '@tanstack/react-table'
import { useCallback, type HTMLAttributes } from 'react'
import type { FilterSetting } from '../routes/address'
import { isDataColumn, SELECT_COLUMN, type GridFeatures } from './columns'
import { HeaderFilter } from './filters/HeaderFilter'
import type { HeaderDrag } from './layout/useHeaderDrag'
import type { ColumnFilter, GridColumn } from './resource'
import type { ResourceTypes, RowOf } from './resourceTypes'
import type { GridTable } from './useGridTable'

const ariaSort = (sorted: false | 'asc' | 'desc') => (sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none')

interface TitleProps<Row extends RowOf<ResourceTypes>> {
  header: Header<GridFeatures, Row, unknown>
  sortable: boolean
  required: boolean
  multiSorted: boolean
  /** Dragging the title moves the column. */
  dragProps: HTMLAttributes<HTMLElement>
}

function ColumnTitle<Row extends RowOf<ResourceTypes>>({ header, sortable, required, multiSorted, dragProps }: TitleProps<Row>) {
  const column = header.column
  const label = String(column.columnDef.header ?? column.id)
  const sorted = column.getIsSorted()
  const marker = required ? (
    <span className="required-marker" aria-label="required" title="Required">
      *
    </span>
  ) : null
  if (!sortable) {
    return (
      <span className="header-title" {...dragProps}>
        {label}
        {marker}
      </span>
    )
  }
  return (
    <button
      type="button"
      className="header-title header-sort"
      onClick={column.getToggleSortingHandler()}
      title="Sort (Shift-click to sort by several columns)"
      {...dragProps}
    >
      {label}
      {marker}
      <span className={`sort-indicator sort-${sorted || 'none'}`} aria-hidden="true">
        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
        {sorted && multiSorted && <sup>{column.getSortIndex() + 1}</sup>}
      </span>
    </button>
  )
}

/** The column's filter (filters/), held in the table's filter state, which the screen's address keeps; the server applies it. */
function FilterCell<T extends ResourceTypes>({ column, filter, label }: { column: Column<GridFeatures, RowOf<T>, unknown>; filter: ColumnFilter<T>; label: string }) {
  const onChange = useCallback((next: FilterSetting | undefined) => column.setFilterValue(next), [column])
  return <HeaderFilter label={label} filter={filter} setting={column.getFilterValue() as FilterSetting | undefined} onChange={onChange} />
}

interface Props<T extends ResourceTypes, Lookup> {
  table: GridTable<RowOf<T>>
  columns: readonly GridColumn<T, Lookup>[]
  drag: HeaderDrag
}

/** Column titles (click to sort, Shift-click to add a sort), per-column filters, resize handles. */
export function GridHeader<T extends ResourceTypes, Lookup>({ table, columns, drag }: Props<T, Lookup>) {
  const multiSorted = table.state.sorting.length > 1
  const headers = table.getHeaderGroups()[0]?.headers ?? []
  return (
    <div role="rowgroup" className="grid-header">
      <div role="row" aria-rowindex={1} className="grid-row grid-header-row">
        {headers.map((header, index) => {
          const column = header.column
          const spec = columns.find((c) => c.id === column.id)
          const label = String(column.columnDef.header ?? column.id)
          return (
            <div
              key={header.id}
              role="columnheader"
              aria-label={label}
              aria-colindex={index + 1}
              aria-sort={spec?.sortKey ? ariaSort(column.getIsSorted()) : undefined}
              className={`cell header-cell${spec?.align === 'end' ? ' cell-end' : ''}${drag.over === column.id ? ' header-drop-target' : ''}`}
              {...drag.target(column.id)}
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
                  <ColumnTitle header={header} sortable={spec?.sortKey !== undefined} required={spec?.required ?? false} multiSorted={multiSorted} dragProps={drag.source(column.id)} />
                  {spec?.filter ? <FilterCell column={column} filter={spec.filter} label={label} /> : <span className="filter-spacer" />}
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
