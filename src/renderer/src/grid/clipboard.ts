/** A value as one TSV field: quoted when it holds a tab, newline or quote, so spreadsheets keep the shape. */
function tsvField(text: string): string {
  return /[\t\n\r"]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function toTsv(rows: string[][]): string {
  return rows.map((cells) => cells.map(tsvField).join('\t')).join('\n')
}

/**
 * A quoted cell at `start` (which holds the opening quote): its text and where it ends, or null
 * when it is not one — spreadsheets quote a whole cell, so a quote closed before the cell's end
 * (`"a"b`) or never closed is literal text.
 */
function quotedCell(text: string, start: number): { value: string; end: number } | null {
  let value = ''
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] !== '"') {
      value += text[i]
    } else if (text[i + 1] === '"') {
      value += '"'
      i++
    } else {
      const after = text[i + 1]
      return after === undefined || after === '\t' || after === '\n' || after === '\r' ? { value, end: i + 1 } : null
    }
  }
  return null
}

/**
 * Tab-separated text as Excel, Sheets and {@link toTsv} write it: rows of cells, a cell with a tab,
 * line break or quote in quotes (doubled inside). The line break a spreadsheet puts after the last
 * row ends it; it does not start an empty row.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = []
  let cells: string[] = []
  let i = 0
  for (;;) {
    const quoted = text[i] === '"' ? quotedCell(text, i) : null
    let end = quoted?.end ?? i
    if (!quoted) while (end < text.length && !'\t\n\r'.includes(text.charAt(end))) end++
    cells.push(quoted ? quoted.value : text.slice(i, end))
    if (end >= text.length) break
    if (text[end] === '\t') {
      i = end + 1
      continue
    }
    rows.push(cells)
    cells = []
    i = text.startsWith('\r\n', end) ? end + 2 : end + 1
    if (i >= text.length) return rows
  }
  rows.push(cells)
  return rows
}
