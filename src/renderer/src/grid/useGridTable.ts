import { useTable, type ColumnFiltersState, type RowSelectionState, type SortingState } from '@tanstack/react-table'
import { useMemo, useState } from 'react'
import { gridFeatures, type TableColumn } from './columns'
import type { FilterSetting } from '../routes/address'
import type { GridViewControl } from '../routes/useGridView'
import { operatorOf } from './filters/operators'
import type { ColumnLayoutControl } from './layout/useColumnLayout'
import type { GridColumn } from './resource'
import type { Filters, ListParams, ResourceTypes, RowBase, SortBy } from './resourceTypes'

/** The API takes at most this many sort columns. */
const MAX_SORT_COLUMNS = 4

/** Carries the table's sort, filter and search state to the service's `list`. */
export function toListParams<T extends ResourceTypes, Lookup>(
  columns: readonly GridColumn<T, Lookup>[],
  sorting: SortingState,
  columnFilters: ColumnFiltersState,
  search: string,
  extraFilters: Partial<Filters<T>>,
): ListParams<T> {
  const byId = new Map<string, GridColumn<T, Lookup>>(columns.map((c) => [c.id, c]))
  const sort = sorting.flatMap(({ id, desc }): SortBy<T>[] => {
    const column = byId.get(id)?.sortKey
    return column ? [{ column, direction: desc ? 'desc' : 'asc' }] : []
  })
  let filters = extraFilters
  for (const { id, value } of columnFilters) {
    // A filter the column does not offer, or whose operands are not complete, filters nothing.
    const setting = value as FilterSetting
    filters = operatorOf(byId.get(id)?.filter?.operators ?? [], setting)?.apply(filters, setting.args) ?? filters
  }
  return { sort, filters, search: search.trim() }
}

/**
 * Sort, filters, search (kept in the screen's address: `view`) and selection: the table's state,
 * and the `list` parameters it makes.
 */
export function useGridState<T extends ResourceTypes, Lookup>(columns: readonly GridColumn<T, Lookup>[], extraFilters: Partial<Filters<T>>, view: GridViewControl) {
  const { sorting, columnFilters, search: globalFilter, setSorting, setColumnFilters, setGlobalFilter } = view
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({})
  const params = useMemo(
    () => toListParams(columns, sorting, columnFilters, globalFilter, extraFilters),
    [columns, sorting, columnFilters, globalFilter, extraFilters],
  )
  const state = { sorting, columnFilters, globalFilter, rowSelection }
  const setters = { setSorting, setColumnFilters, setGlobalFilter, setRowSelection }
  return { state, setters, params }
}

type GridState = ReturnType<typeof useGridState>

const rowIdOf = (row: { id: string }) => row.id

/**
 * The table model over the rows in memory. Sorting, filters and search are only state here
 * (manual modes): the server applies them to the whole table. Column order, visibility, pinning
 * and widths come from the column layout; only resizing changes them through the table.
 */
export function useGridTable<Row extends RowBase>(
  columns: TableColumn<Row>[],
  data: Row[],
  { state, setters }: Pick<GridState, 'state' | 'setters'>,
  layout: Pick<ColumnLayoutControl, 'tableState' | 'onColumnSizingChange'>,
) {
  return useTable({
    features: gridFeatures,
    columns,
    data,
    getRowId: rowIdOf,
    state: { ...state, ...layout.tableState },
    onColumnSizingChange: layout.onColumnSizingChange,
    onSortingChange: setters.setSorting,
    onColumnFiltersChange: setters.setColumnFilters,
    onGlobalFilterChange: setters.setGlobalFilter,
    onRowSelectionChange: setters.setRowSelection,
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: true,
    maxMultiSortColCount: MAX_SORT_COLUMNS,
    enableSortingRemoval: true,
    // Every column starts ascending (the library would start numbers and booleans descending).
    sortDescFirst: false,
    columnResizeMode: 'onChange',
  })
}

export type GridTable<Row extends RowBase> = ReturnType<typeof useGridTable<Row>>
