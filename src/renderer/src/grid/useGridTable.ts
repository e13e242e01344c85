import { useTable, type ColumnFiltersState, type RowSelectionState, type SortingState } from '@tanstack/react-table'
import { useMemo, useState } from 'react'
import { gridFeatures, type GridColumnDef } from './columns'
import type { GridRow, ListParams } from './types'

const rowIdOf = (row: GridRow) => row.id

/** The API takes at most this many sort columns. */
const MAX_SORT_COLUMNS = 4

/** Filter values as the API wants them: text as typed, booleans from their select's "true"/"false". */
function filterValue(kind: 'text' | 'boolean' | 'role', value: unknown): unknown {
  if (kind === 'boolean') return value === 'true'
  return value
}

/** Carries the table's sort, filter and search state to the service's `list`. */
export function toListParams(
  columns: GridColumnDef[],
  sorting: SortingState,
  columnFilters: ColumnFiltersState,
  search: string,
  extraFilters: Record<string, unknown>,
): ListParams {
  const byId = new Map(columns.map((c) => [c.id ?? ('accessorKey' in c ? String(c.accessorKey) : ''), c]))
  const sort = sorting.flatMap(({ id, desc }) => {
    const key = byId.get(id)?.meta?.sortKey
    return key ? [{ column: key, direction: desc ? ('desc' as const) : ('asc' as const) }] : []
  })
  const filters: Record<string, unknown> = { ...extraFilters }
  for (const { id, value } of columnFilters) {
    const spec = byId.get(id)?.meta?.filter
    if (spec && value !== '' && value !== undefined) filters[spec.key] = filterValue(spec.kind, value)
  }
  return { sort, filters, search: search.trim() }
}

/** Sort, filters, search and selection: the table's state, and the `list` parameters it makes. */
export function useGridState(columns: GridColumnDef[], extraFilters: Record<string, unknown>) {
  const [sorting, setSorting] = useState<SortingState>([])
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([])
  const [globalFilter, setGlobalFilter] = useState('')
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

/**
 * The table model over the rows in memory. Sorting, filters and search are only state here
 * (manual modes): the server applies them to the whole table.
 */
export function useGridTable(columns: GridColumnDef[], data: GridRow[], { state, setters }: GridState) {
  return useTable({
    features: gridFeatures,
    columns,
    data,
    getRowId: rowIdOf,
    state,
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

export type GridTable = ReturnType<typeof useGridTable>
