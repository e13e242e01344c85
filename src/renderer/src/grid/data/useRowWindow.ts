import { useQueries, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo } from 'react'
import { useApi } from '../../api/ApiProvider'
import { isCancelled, unwrap } from '../../api/request-error'
import { refetchFresh, takeFresh } from '../../api/fresh'
import { supersededRetry } from '../../api/superseded'
import type { ListResult } from '../../../../shared/schemas/common'
import type { GridResource } from '../resource'
import type { ListParams, ResourceTypes, RowBase, RowOf } from '../resourceTypes'
import { serverOffset } from './positions'
import { countKey, useExactTotal } from './useExactTotal'

/** Blocks kept after they scroll out of view, so scrolling back is instant; older ones are dropped. */
const SPARE_BLOCKS = 6

/** A block of rows and how sure its position is. */
interface Block<Row extends RowBase> extends ListResult<Row> {
  /** The block is at exactly its position (an exact offset, or continued from such a block). */
  exact: boolean
  /** The exact total its position was counted on, when it was known. */
  basis: number | null
  /** When it was asked for (continued from a block above: when that one was), to tell it from the exact count's time. */
  askedAt: number
}

const listKey = <T extends ResourceTypes>(resource: string, params: ListParams<T>) => [resource, 'list', params] as const
const blockKey = <T extends ResourceTypes>(resource: string, params: ListParams<T>, pageSize: number, block: number) =>
  [...listKey(resource, params), pageSize, block] as const

/** Keeps memory bounded however far the user scrolls: blocks nobody shows are removed, except the few most recently used. */
function evictHiddenBlocks(queryClient: QueryClient, resource: string) {
  const hidden = queryClient
    .getQueryCache()
    .findAll({ queryKey: [resource, 'list'] })
    .filter((query) => query.getObserversCount() === 0)
    .sort((a, b) => b.state.dataUpdatedAt - a.state.dataUpdatedAt)
  for (const query of hidden.slice(SPARE_BLOCKS)) queryClient.removeQueries({ queryKey: query.queryKey, exact: true })
}

export interface RowWindow<Row extends RowBase> {
  /** The saved row at a position of the sorted, filtered list, if its block is loaded. */
  rowAt(position: number): Row | undefined
  /**
   * Reads the blocks covering these positions, for an action reaching rows out of view (a long
   * paste): each block continues from the one above, as the window's do. Gives where they are.
   */
  load(first: number, last: number): Promise<(position: number) => Row | undefined>
  /** Every row currently held, for the table model (a bounded window, not the table). */
  loadedRows: Row[]
  /** Matching rows: exact, or the planner's estimate until the exact count arrives; undefined before the first answer. */
  total: number | undefined
  totalExact: boolean
  /** False while the first visible row's position is only approximate (reached by a seek on a large table). */
  positionExact: boolean
  isFetching: boolean
  /** Why the rows cannot be loaded; a superseded request is never an error. */
  error: Error | null
  retry(): void
}

/**
 * Fetches the blocks covering the visible positions. Only the top block of the window is asked
 * by position (a jump, which supersedes any older jump still running); each block below it
 * continues from the one above's keyset cursor, so the window is contiguous even where positions
 * are approximate.
 */
export function useRowWindow<T extends ResourceTypes, Lookup>(
  resource: GridResource<T, Lookup>,
  params: ListParams<T>,
  pageSize: number,
  first: number,
  last: number,
): RowWindow<RowOf<T>> {
  type RowBlock = Block<RowOf<T>>
  const api = useApi()
  const queryClient = useQueryClient()
  const firstBlock = Math.floor(Math.max(0, first) / pageSize)
  const lastBlock = Math.max(firstBlock, Math.floor(Math.max(0, last) / pageSize))
  const blocks = useMemo(() => Array.from({ length: lastBlock - firstBlock + 1 }, (_, i) => firstBlock + i), [firstBlock, lastBlock])
  const cachedBlock = (block: number) => queryClient.getQueryData<RowBlock>(blockKey(resource.name, params, pageSize, block))
  /** Any block of this list already read: they all carry the same total. */
  const anyCachedBlock = () =>
    queryClient.getQueriesData<RowBlock>({ queryKey: listKey(resource.name, params) }).find(([, block]) => block)?.[1]
  /** How one block is read: by position at the top of a run of blocks, else on from the block above's cursor. */
  const blockQuery = (block: number) => {
    const queryKey = blockKey(resource.name, params, pageSize, block)
    return {
      queryKey,
      queryFn: async (): Promise<RowBlock> => {
        const askedAt = Date.now()
        const fresh = takeFresh(queryClient, queryKey) || undefined
        const previous = block > 0 ? cachedBlock(block - 1) : undefined
        if (previous?.nextCursor) {
          const page = unwrap(await resource.list(api, { ...params, limit: pageSize, offset: 0, after: previous.nextCursor, fresh }))
          return { ...page, exact: previous.exact, basis: previous.basis, askedAt: previous.askedAt }
        }
        // The totals the position is counted on: the server's, and the exact count once it is known.
        const list = anyCachedBlock()
        const exact = list && !list.totalExact ? queryClient.getQueryData<number>(countKey(resource.name, params)) : undefined
        const offset = serverOffset(block * pageSize, list?.total ?? 0, exact)
        const page = unwrap(await resource.list(api, { ...params, limit: pageSize, offset, fresh, supersede: `${resource.name}-jump` }))
        // Read back from the end, a page's distance from the last row is exact: with the exact
        // count known, so is its position.
        return { ...page, exact: page.offsetExact || (exact !== undefined && page.rowsAfter !== null), basis: exact ?? null, askedAt }
      },
      staleTime: 30_000,
      gcTime: 60_000,
    }
  }
  const loaded = useQueries({
    queries: blocks.map((block) => {
      const query = blockQuery(block)
      return {
        ...query,
        // Below the top of the window, wait for the block above and continue from its cursor.
        enabled: block === firstBlock || cachedBlock(block - 1) !== undefined,
        ...supersededRetry(queryClient, query.queryKey),
      }
    }),
    combine: (results) => ({
      pages: results.map((r) => r.data),
      isFetching: results.some((r) => r.isFetching),
      error: results.find((r) => r.error && !isCancelled(r.error))?.error ?? null,
    }),
  })

  useEffect(() => {
    evictHiddenBlocks(queryClient, resource.name)
  }, [queryClient, resource.name, firstBlock, lastBlock])

  const { pages, isFetching, error } = loaded
  const loadedRows = useMemo(() => pages.flatMap((page) => page?.rows ?? []), [pages])

  // While a block is loading, the total of any block of the same list still holds.
  const anyPage = pages.find((page) => page) ?? anyCachedBlock()
  const listTotal = anyPage?.total
  const estimated = anyPage !== undefined && !anyPage.totalExact
  const exactCount = useExactTotal(resource, params, estimated).data
  const exactTotal = estimated ? exactCount : listTotal

  // Blocks placed on the estimate are placed again once the exact count says otherwise: those held
  // when it arrives, and those asked for before it that land after (a jump to the end as the count
  // came: read on from such a block, the end's rows never came). A block asked for after it was
  // placed as well as it can be, and is not read again.
  const misplaced = estimated && exactCount !== undefined && exactCount !== listTotal
  const countedAt = queryClient.getQueryState(countKey(resource.name, params))?.dataUpdatedAt ?? 0
  const placedOnEstimate = useCallback(
    (block: RowBlock | undefined) => block !== undefined && !block.exact && block.basis !== exactCount && block.askedAt <= countedAt,
    [exactCount, countedAt],
  )
  const landedMisplaced = misplaced ? pages.flatMap((page, i) => (placedOnEstimate(page) ? [firstBlock + i] : [])).join() : ''
  useEffect(() => {
    if (!misplaced) return
    void queryClient.resetQueries({
      queryKey: listKey(resource.name, params),
      predicate: (query) => placedOnEstimate(query.state.data as RowBlock | undefined),
    })
  }, [queryClient, resource.name, params, misplaced, placedOnEstimate, landedMisplaced])

  const rowAt = useCallback(
    (position: number) => {
      const block = Math.floor(position / pageSize)
      return pages[block - firstBlock]?.rows[position - block * pageSize]
    },
    [pages, pageSize, firstBlock],
  )

  // Fetched one after another: each block below the first continues from the cursor of the one above.
  const load = async (from: number, to: number) => {
    const blockOf = (position: number) => Math.floor(position / pageSize)
    for (let block = blockOf(Math.max(0, from)); block <= blockOf(Math.max(0, to)); block++) await queryClient.fetchQuery(blockQuery(block))
    return (position: number) => cachedBlock(blockOf(position))?.rows[position - blockOf(position) * pageSize]
  }

  const retry = useCallback(() => void refetchFresh(queryClient, { queryKey: listKey(resource.name, params), type: 'active' }), [queryClient, resource.name, params])

  return {
    rowAt,
    load,
    loadedRows,
    total: exactTotal ?? listTotal,
    totalExact: exactTotal !== undefined,
    positionExact: pages[0]?.exact ?? true,
    isFetching,
    error,
    retry,
  }
}
