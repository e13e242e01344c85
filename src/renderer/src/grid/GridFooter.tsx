interface Props {
  noun: string
  first: number
  last: number
  total: number | undefined
  pageSize: number
  onPageSize(size: number): void
  onPage(page: number): void
  isFetching: boolean
}

export const pageSizes = [50, 100, 250, 500, 1000]

const plural = (n: number, noun: string) => `${n.toLocaleString()} ${n === 1 ? noun : `${noun}s`}`

/** Where the view is in the list, the page size (rows fetched at a time), and page steps. */
export function GridFooter({ noun, first, last, total, pageSize, onPageSize, onPage, isFetching }: Props) {
  const pages = total === undefined ? 1 : Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(pages - 1, Math.floor(first / pageSize))
  return (
    <div className="grid-footer">
      <span className="footer-position" aria-live="polite">
        {total === undefined
          ? 'Loading…'
          : total === 0
            ? `No ${noun}s`
            : `Rows ${(first + 1).toLocaleString()}–${(Math.min(last, total - 1) + 1).toLocaleString()} of ${plural(total, noun)}`}
      </span>
      {isFetching && <span className="spinner" role="status" aria-label="Loading rows" />}
      <span className="toolbar-spacer" />
      <nav className="pager" aria-label="Pages">
        <button type="button" className="button button--icon button--small" aria-label="First page" disabled={page === 0} onClick={() => onPage(0)}>
          ⇤
        </button>
        <button type="button" className="button button--icon button--small" aria-label="Previous page" disabled={page === 0} onClick={() => onPage(page - 1)}>
          ‹
        </button>
        <span>
          Page {(page + 1).toLocaleString()} of {pages.toLocaleString()}
        </span>
        <button type="button" className="button button--icon button--small" aria-label="Next page" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
          ›
        </button>
        <button type="button" className="button button--icon button--small" aria-label="Last page" disabled={page >= pages - 1} onClick={() => onPage(pages - 1)}>
          ⇥
        </button>
      </nav>
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
