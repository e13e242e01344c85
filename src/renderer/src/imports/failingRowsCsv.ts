import type { ImportCheck } from '../../../shared/schemas/imports'

/** A CSV cell: quoted when it holds a quote, a separator or a line break. */
const cell = (value: string) => (/[",;\t\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)

/**
 * The failing rows as read, with their row number and problems in two extra columns: fixed in a
 * spreadsheet, the file imports again (those two columns name no field and are left out).
 */
export function failingRowsCsv(check: ImportCheck): string {
  const problems = new Map<number, string[]>()
  for (const error of check.errors) problems.set(error.row, [...(problems.get(error.row) ?? []), `${error.field}: ${error.message}`])
  const lines = [
    [...check.headers, 'Row', 'Problems'],
    ...check.failingRows.map((row) => [...row.values, String(row.row), (problems.get(row.row) ?? []).join(' | ')]),
  ]
  // With a BOM, so Excel reads it as UTF-8.
  return '\uFEFF' + lines.map((line) => line.map(cell).join(',')).join('\r\n') + '\r\n'
}

/** Saves text as a file: the browser's download, or the desktop app's save dialog. */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
