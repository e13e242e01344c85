import {
  columnFilteringFeature,
  columnOrderingFeature,
  columnPinningFeature,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  globalFilteringFeature,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
  type RowData,
} from '@tanstack/react-table'
import { MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH } from './layout/columnLayout'
import type { GridColumn } from './resource'
import type { ResourceTypes, RowOf } from './resourceTypes'

/**
 * The table model's features. Sorting, filtering and search are carried to the server
 * (manual modes); the table keeps their state, selection and the column layout (layout/).
 */
export const gridFeatures = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  rowSelectionFeature,
  columnSizingFeature,
  columnResizingFeature,
  columnVisibilityFeature,
  columnOrderingFeature,
  columnPinningFeature,
})

export type GridFeatures = typeof gridFeatures
export type TableColumn<Row extends RowData> = ColumnDef<GridFeatures, Row, unknown>

export const SELECT_COLUMN = 'select'
/** The selection column's width: a frozen key column sits right of it. */
export const SELECT_WIDTH = 40
export const ACTIONS_COLUMN = 'actions'

/**
 * The table model's columns: row selection first, the resource's columns, row actions last. The
 * table holds their sizes, sort and filter state; the grid renders cells from the resource's columns.
 */
export function tableColumns<T extends ResourceTypes, Lookup>(columns: readonly GridColumn<T, Lookup>[]): TableColumn<RowOf<T>>[] {
  const helper = createColumnHelper<GridFeatures, RowOf<T>>()
  return [
    helper.display({ id: SELECT_COLUMN, header: 'Select', size: SELECT_WIDTH, enableResizing: false, enableHiding: false }),
    ...columns.map((column, index) =>
      // An accessor, so the table lets the column be sorted and filtered.
      helper.accessor((row): unknown => row[column.id], {
        id: column.id,
        header: column.header,
        size: column.size,
        minSize: MIN_COLUMN_WIDTH,
        maxSize: MAX_COLUMN_WIDTH,
        // The first column names the row (Name): always shown.
        enableHiding: index > 0,
        enableSorting: column.sortKey !== undefined,
        enableColumnFilter: column.filter !== undefined,
      }),
    ),
    helper.display({ id: ACTIONS_COLUMN, header: 'Actions', size: 112, enableResizing: false, enableHiding: false }),
  ]
}

export const isDataColumn = (id: string) => id !== SELECT_COLUMN && id !== ACTIONS_COLUMN
