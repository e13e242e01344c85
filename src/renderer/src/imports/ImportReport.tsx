import type { ImportCheck } from '../../../shared/schemas/imports'
import { downloadText, failingRowsCsv } from './failingRowsCsv'

const count = (n: number, noun: string) => `${n.toLocaleString()} ${noun}${n === 1 ? '' : 's'}`

/** What a check found: what an apply would do, or every problem, row by row, with the failing rows to download. */
export function ImportReport({ check, fileName }: { check: ImportCheck; fileName: string }) {
  if (check.errorCount === 0) {
    const parts = [count(check.inserts, 'new row'), count(check.updates, 'update')]
    if (check.unchanged > 0) parts.push(`${count(check.unchanged, 'row')} already there`)
    return (
      <p className="import-outcome import-outcome--ok" role="status">
        {count(check.rows, 'row')} checked, no problems: {parts.join(', ')}. Nothing is written until you import.
      </p>
    )
  }
  const listed = check.failingRows.length
  return (
    <div className="import-errors">
      <p className="import-outcome import-outcome--error" role="alert">
        {count(check.errorCount, 'problem')} in {count(check.failingRowCount, 'row')} of {check.rows.toLocaleString()}: nothing is written while any
        remains. Fix the file and choose it again.
        {listed < check.failingRowCount ? ` The first ${listed.toLocaleString()} failing rows are listed.` : ''}
      </p>
      <div className="import-errors__actions">
        <button
          type="button"
          className="button"
          onClick={() => downloadText(`${fileName.replace(/\.[^.]*$/, '')}-problems.csv`, failingRowsCsv(check))}
        >
          Download failing rows (CSV)
        </button>
      </div>
      <div className="import-errors__table" role="region" aria-label="Problems found" tabIndex={0}>
        <table>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {check.errors.map((error, i) => (
              <tr key={i}>
                <td>{error.row}</td>
                <td>{error.field}</td>
                <td>{error.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
