import { useQueries, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo } from 'react'
import { useApi } from '../../api/ApiProvider'
import { unwrap } from '../../api/errors'
import type { GridResource, GridRow, ListPage, ListRequest } from '../types'

export type ListParams = Pick<ListRequest, 'sort' | 'filters' | 'search'>

/** Blocks kept after they scroll out of view, so scrolling back is instant; older ones are dropped. */
const SPARE_BLOCKS = 6

const blockKey = (resource: string, params: ListParams, pageSize: number, block: number) =>
  [resource, 'list', params, pageSize, block] as const

/**
 * Keeps memory bounded however far the user scrolls: blocks nobody shows are removed,
 * except the few most recently used.
 */
function evictHiddenBlocks(queryClient: QueryClient, resource: string) {
  const hidden = queryClient
    .getQueryCache()
    .findAll({ queryKey: [resource, 'list'] })
    .filter((query) => query.getObserversCount() === 0)
    .sort((a, b) => b.state.dataUpdatedAt - a.state.dataUpdatedAt)
  for (const query of hidden.slice(SPARE_BLOCKS)) queryClient.removeQueries({ queryKey: query.queryKey, exact: true })
}

export interface RowWindow {
  /** The saved row at a position of the sorted, filtered list, if its block is loaded. */
  rowAt(position: number): GridRow | undefined
  /** Every row currently held, for the table model (a bounded window, not the table). */
  loadedRows: GridRow[]
  /** Matching rows on the server; undefined before the first answer. */
  total: number | undefined
  isFetching: boolean
  error: Error | null
  retry(): void
}

/**
 * Fetches the blocks of rows covering the visible positions. A block right after a loaded one
 * continues from its keyset cursor; a block reached by a jump asks by offset, which the server
 * answers without scanning everything before it.
 */
export function useRowWindow(resource: GridResource, params: ListParams, pageSize: number, first: number, last: number): RowWindow {
  const api = useApi()
  const queryClient = useQueryClient()
  const firstBlock = Math.floor(Math.max(0, first) / pageSize)
  const lastBlock = Math.max(firstBlock, Math.floor(Math.max(0, last) / pageSize))
  const blocks = useMemo(
    () => Array.from({ length: lastBlock - firstBlock + 1 }, (_, i) => firstBlock + i),
    [firstBlock, lastBlock],
  )

  const loaded = useQueries({
    queries: blocks.map((block) => ({
      queryKey: blockKey(resource.name, params, pageSize, block),
      queryFn: async (): Promise<ListPage> => {
        const previous = block > 0 ? queryClient.getQueryData<ListPage>(blockKey(resource.name, params, pageSize, block - 1)) : undefined
        const page = previous?.nextCursor ? { offset: 0, after: previous.nextCursor } : { offset: block * pageSize }
        return unwrap(await resource.list(api, { ...params, limit: pageSize, ...page }))
      },
      staleTime: 30_000,
      gcTime: 60_000,
    })),
    combine: (results) => ({
      pages: results.map((r) => r.data),
      isFetching: results.some((r) => r.isFetching),
      error: results.find((r) => r.error)?.error ?? null,
    }),
  })

  useEffect(() => {
    evictHiddenBlocks(queryClient, resource.name)
  }, [queryClient, resource.name, firstBlock, lastBlock])

  const { pages, isFetching, error } = loaded
  const loadedRows = useMemo(() => pages.flatMap((page) => page?.rows ?? []), [pages])

  // While a block is loading, the total of any block of the same list still holds.
  const cachedTotal = queryClient
    .getQueriesData<ListPage>({ queryKey: [resource.name, 'list', params] })
    .find(([, page]) => page)?.[1]?.total
  const total = pages.find((page) => page)?.total ?? cachedTotal

  const rowAt = useCallback(
    (position: number) => {
      const block = Math.floor(position / pageSize)
      return pages[block - firstBlock]?.rows[position - block * pageSize]
    },
    [pages, pageSize, firstBlock],
  )

  const retry = useCallback(
    () => void queryClient.refetchQueries({ queryKey: [resource.name, 'list', params], type: 'active' }),
    [queryClient, resource.name, params],
  )

  return { rowAt, loadedRows, total, isFetching, error, retry }
}
