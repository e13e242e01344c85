import { useMemo } from 'react'
import type { GridResource } from '../resource'
import type { Filters, ResourceTypes } from '../resourceTypes'

const noFilters = {}

/**
 * The filters every view of a resource has before the admin's own: deleted rows left out, or
 * shown (Show deleted). `narrowed` tells whether a search or column filter leaves rows out too.
 */
export function useBaseFilters<T extends ResourceTypes, Lookup>({ deletedRows }: Pick<GridResource<T, Lookup>, 'deletedRows'>, showDeleted: boolean) {
  const base = useMemo((): Partial<Filters<T>> => (deletedRows ? deletedRows(showDeleted) : noFilters), [deletedRows, showDeleted])
  return {
    base,
    softDelete: deletedRows !== undefined,
    narrowed: (params: { search: string; filters: object }) => params.search !== '' || Object.keys(params.filters).length > Object.keys(base).length,
  }
}
