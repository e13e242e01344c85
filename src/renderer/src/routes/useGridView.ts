import { functionalUpdate, type ColumnFiltersState, type OnChangeFn, type SortingState, type Updater } from '@tanstack/react-table'
import { useCallback, useMemo } from 'react'
import { useNavigation } from '../shell/navigation'
import type { FilterSetting, GridView } from './address'

const isFilterSetting = (value: unknown): value is FilterSetting =>
  typeof value === 'object' && value !== null && typeof (value as FilterSetting).op === 'string' && Array.isArray((value as FilterSetting).args)

/**
 * The grid's sort, column filters, search and deleted rows, held in the screen's address (one
 * source, so Back, a reload and a saved view restore them) in the shapes the table takes.
 */
export function useGridView() {
  const { view, setView } = useNavigation()
  const sorting = useMemo<SortingState>(() => view.sort.map((sort) => ({ ...sort })), [view.sort])
  const columnFilters = useMemo<ColumnFiltersState>(() => Object.entries(view.filters).map(([id, value]) => ({ id, value })), [view.filters])
  const change = useCallback(
    (next: Partial<GridView> | ((latest: GridView) => Partial<GridView>), mode?: 'replace') =>
      setView((latest) => ({ ...latest, ...(typeof next === 'function' ? next(latest) : next) }), mode),
    [setView],
  )

  const setSorting = useCallback<OnChangeFn<SortingState>>((updater) => change({ sort: functionalUpdate(updater, sorting) }), [change, sorting])
  const setColumnFilters = useCallback<OnChangeFn<ColumnFiltersState>>(
    (updater) => {
      const next = functionalUpdate(updater, columnFilters).flatMap(({ id, value }) => (isFilterSetting(value) ? [[id, value] as const] : []))
      change({ filters: Object.fromEntries(next) })
    },
    [change, columnFilters],
  )
  const setGlobalFilter = useCallback(
    (updater: Updater<string>) => {
      const search = functionalUpdate(updater, view.search)
      // Typing on in a search rewrites its entry: Back goes to before the search, not word by word.
      change({ search }, view.search !== '' && search !== '' ? 'replace' : undefined)
    },
    [change, view.search],
  )
  const setShowDeleted = useCallback((showDeleted: boolean) => change({ showDeleted }), [change])
  /** Sets one column's filter (undefined: removes it). */
  const setFilter = useCallback(
    (id: string, setting: FilterSetting | undefined) => {
      change((latest) => {
        const { [id]: _removed, ...others } = latest.filters
        return { filters: setting ? { ...latest.filters, [id]: setting } : others }
      })
    },
    [change],
  )

  return { view, sorting, columnFilters, search: view.search, setSorting, setColumnFilters, setGlobalFilter, setShowDeleted, setFilter, setView }
}

export type GridViewControl = ReturnType<typeof useGridView>
