import { nouns } from './words'

interface Props {
  noun: string
  first: number
  last: number
  total: number | undefined
  /** The rows could not be loaded: the footer then claims no position, count or page. */
  failed: boolean
  /** False while `total` is the planner's estimate and the exact count is still running. */
  totalExact: boolean
  /** False while the first visible row's position is only approximate. */
  positionExact: boolean
  pageSize: number
  onPageSize(size: number): void
  onPage(page: number): void
  isFetching: boolean
}

export const pageSizes = [50, 100, 250, 500, 1000]


/** A count, marked "≈" with an explanation while it is an estimate. */
function Count({ value, exact, what }: { value: number; exact: boolean; what: string }) {
  if (exact) return <>{value.toLocaleString()}</>
  return (
    <span className="approximate" title={`${what} estimated; counting exactly…`}>
      ≈ {value.toLocaleString()}
    </span>
  )
}

/** Where the view is in the list, the page size (rows fetched at a time), and page steps. */
export function GridFooter({ noun, first, last, total, failed, totalExact, positionExact, pageSize, onPageSize, onPage, isFetching }: Props) {
  const pages = total === undefined ? 1 : Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(pages - 1, Math.floor(first / pageSize))
  // The overlay above says why there are no rows; a position or page count would be invented.
  if (failed) return <div className="grid-footer" />
  return (
    <div className="grid-footer">
      <span className="footer-position" aria-live="polite">
        {total === undefined ? (
          'Loading…'
        ) : total === 0 ? (
          `No ${nouns(0, noun)}`
        ) : (
          <>
            {positionExact ? 'Rows' : <span title="Position estimated: the rows are exact, their numbers approximate">Rows ≈</span>}{' '}
            {(first + 1).toLocaleString()}–{(Math.min(last, total - 1) + 1).toLocaleString()} of{' '}
            <Count value={total} exact={totalExact} what="Total" /> {nouns(total, noun)}
          </>
        )}
      </span>
      {isFetching && <span className="spinner" role="status" aria-label="Loading rows" />}
      <span className="toolbar-spacer" />
      {total !== undefined && (
        <nav className="pager" aria-label="Pages">
          <button type="button" className="button button--icon button--small" aria-label="First page" disabled={page === 0} onClick={() => onPage(0)}>
            ⇤
          </button>
          <button type="button" className="button button--icon button--small" aria-label="Previous page" disabled={page === 0} onClick={() => onPage(page - 1)}>
            ‹
          </button>
          <span>
            Page {!positionExact && '≈ '}
            {(page + 1).toLocaleString()} of {!totalExact && '≈ '}
            {pages.toLocaleString()}
          </span>
          <button type="button" className="button button--icon button--small" aria-label="Next page" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
            ›
          </button>
          <button type="button" className="button button--icon button--small" aria-label="Last page" disabled={page >= pages - 1} onClick={() => onPage(pages - 1)}>
            ⇥
          </button>
        </nav>
      )}
      <label className="page-size">
        Page size
        <select value={pageSize} onChange={(e) => onPageSize(Number(e.target.value))}>
          {pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
