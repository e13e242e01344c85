/** A value as one TSV field: quoted when it holds a tab, newline or quote, so spreadsheets keep the shape. */
function tsvField(text: string): string {
  return /[\t\n\r"]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toTsv(rows: string[][]): string {
  return rows.map((cells) => cells.map(tsvField).join('\t')).join('\n')
}
