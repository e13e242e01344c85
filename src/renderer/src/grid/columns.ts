import {
  columnFilteringFeature,
  columnResizingFeature,
  columnSizingFeature,
  createColumnHelper,
  globalFilteringFeature,
  metaHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  type ColumnDef,
} from '@tanstack/react-table'
import type { GridColumnMeta, GridRow } from './types'

/**
 * The table model's features. Sorting, filtering and search are carried to the server
 * (manual modes); the table keeps their state, selection and column sizes.
 */
export const gridFeatures = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  globalFilteringFeature,
  rowSelectionFeature,
  columnSizingFeature,
  columnResizingFeature,
  columnMeta: metaHelper<GridColumnMeta>(),
})

export type GridFeatures = typeof gridFeatures
// `any` value, as the library's own `columns()` helper does: a list mixes columns of different value types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GridColumnDef = ColumnDef<GridFeatures, GridRow, any>

/** For resources' column definitions. */
export const column = createColumnHelper<GridFeatures, GridRow>()

export const SELECT_COLUMN = 'select'
export const ACTIONS_COLUMN = 'actions'

/** The grid's own columns around a resource's: row selection first, row actions last. */
export const withGridColumns = (columns: GridColumnDef[]): GridColumnDef[] => [
  column.display({ id: SELECT_COLUMN, header: 'Select', size: 40, enableResizing: false, meta: { editor: 'readonly' } }),
  ...columns,
  column.display({ id: ACTIONS_COLUMN, header: 'Actions', size: 112, enableResizing: false, meta: { editor: 'readonly' } }),
]

export const isDataColumn = (id: string) => id !== SELECT_COLUMN && id !== ACTIONS_COLUMN
