import { useState } from 'react'
import { exportedColumns } from '../../../../shared/csv-columns'
import type { ResourceName } from '../../../../shared/schemas/resources'
import type { ExportProgress } from '../../../../shared/schemas/exports'
import { nouns } from '../words'
import { ToolbarPanel, type ToolbarPanelProps } from '../toolbar/ToolbarPanel'
import type { useCsvExport } from './useCsvExport'
import './export.css'

interface Props extends ToolbarPanelProps {
  /** The export under way or last run (kept by the toolbar, whose menu says "Exporting…"). */
  csv: ReturnType<typeof useCsvExport>
  resource: { name: ResourceName; title: string; noun: string }
  /** The view's list query: its search, filters (deleted rows among them) and sort. */
  query: Record<string, unknown>
  /** Whether the view shows deleted rows: the file then has a Deleted column. */
  showsDeleted: boolean
  /** Rows the view holds, as the footer counts them (undefined while unknown). */
  total: number | undefined
  totalExact: boolean
}

const count = (n: number) => n.toLocaleString('en-US')

function progressText(progress: ExportProgress): string {
  if (progress.state === 'waiting') return 'Waiting for the browser to start the download…'
  const of = progress.total === null ? '' : ` of ${progress.totalExact ? '' : '≈ '}${count(progress.total)}`
  return `${count(progress.rowsWritten)}${of} rows written`
}

/** How far the export is, 0 to 1; undefined (an indeterminate bar) while that is not known. */
function doneFraction(progress: ExportProgress): number | undefined {
  if (progress.state === 'done') return 1
  if (progress.state === 'waiting' || !progress.total) return undefined
  // The total may be the planner's estimate: never past the end.
  return Math.min(1, progress.rowsWritten / progress.total)
}

/**
 * Export: every row of the grid's current view (not only those loaded) to a CSV file, with a BOM
 * for Excel when asked and the columns chosen; then its progress, with Cancel, until it ends.
 */
export function ExportMenu({ csv, resource, query, showsDeleted, total, totalExact, open, onOpenChange, anchor }: Props) {
  const [excelBom, setExcelBom] = useState(false)
  const columns = exportedColumns(resource.name, showsDeleted).map((c) => c.header)
  const [unchecked, setUnchecked] = useState<ReadonlySet<string>>(new Set())
  const chosen = columns.filter((c) => !unchecked.has(c))
  const { progress } = csv
  const finished = progress && !csv.running ? progress : undefined
  const rows = total === undefined ? resource.title.toLowerCase() : `${totalExact ? '' : '≈ '}${count(total)} ${nouns(total, resource.noun)}`

  const toggle = (column: string) =>
    setUnchecked((current) => {
      const next = new Set(current)
      if (!next.delete(column)) next.add(column)
      return next
    })
  const start = () =>
    void csv.start({ resource: resource.name, query, excelBom, ...(chosen.length < columns.length ? { columns: chosen } : {}) })

  return (
    <ToolbarPanel
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next)
        // A finished export's outcome was read: the next opening offers a new export.
        if (!next && finished) csv.reset()
      }}
      anchor={anchor}
      title={`Export ${resource.title.toLowerCase()} to CSV`}
      className="export-panel"
    >
      {progress ? (
        <div className="export-progress">
          <progress max={1} value={doneFraction(progress)} aria-label="Export progress" />
          <p role="status" className={progress.state === 'failed' ? 'export-message export-message--error' : 'export-message'}>
            {progress.message ?? progressText(progress)}
          </p>
          {csv.running ? (
            <button type="button" className="button" onClick={() => void csv.cancel()}>
              Cancel export
            </button>
          ) : (
            <button type="button" className="button" onClick={csv.reset}>
              Export again…
            </button>
          )}
        </div>
      ) : (
        <form
          className="export-form"
          onSubmit={(event) => {
            event.preventDefault()
            start()
          }}
        >
          <p className="picker-note">All {rows} of this view, with its search, filters and sort: not only the rows on screen.</p>
          <fieldset className="export-columns">
            <legend>Columns</legend>
            {columns.map((column) => (
              <label key={column} className="toggle">
                <input type="checkbox" checked={!unchecked.has(column)} onChange={() => toggle(column)} />
                {column}
              </label>
            ))}
          </fieldset>
          <label className="toggle">
            <input type="checkbox" checked={excelBom} onChange={(e) => setExcelBom(e.target.checked)} />
            For Excel (UTF-8 with a byte order mark)
          </label>
          {csv.error && (
            <p role="alert" className="export-message export-message--error">
              {csv.error}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={csv.starting || chosen.length === 0}>
            {csv.starting ? 'Starting…' : 'Export CSV'}
          </button>
        </form>
      )}
    </ToolbarPanel>
  )
}
