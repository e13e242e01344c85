import { Transform } from 'node:stream'
import { stringify, type Options } from 'csv-stringify/sync'
import { CSV_FALSE, CSV_TRUE } from '../../shared/csv-columns'

export interface CsvWriterOptions {
  /** Starts the file with a UTF-8 byte order mark, by which Excel knows the file is UTF-8. */
  excelBom: boolean
}

/**
 * RFC 4180: comma-separated, CRLF line ends, a cell quoted (its quotes doubled) when it holds a
 * comma, a quote, CR or LF. `escape_formulas` puts a `'` before a text cell starting with `=`, `+`,
 * `-`, `@`, tab or CR (and their full-width forms), which a spreadsheet would otherwise run as a
 * formula; numbers are written as they are.
 */
const rfc4180: Options = {
  delimiter: ',',
  quote: '"',
  escape: '"',
  record_delimiter: 'windows',
  // Off by default once a record delimiter is named: a lone LF or CR in a cell must be quoted too.
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: { boolean: (value) => (value ? CSV_TRUE : CSV_FALSE) },
}

/**
 * CSV text of `records`, each line ended by CRLF; with the byte order mark first when asked. Cells
 * are as the export's selects read them: text, a count, a flag, or null (written as nothing).
 */
export function csvText(records: unknown[][], options: CsvWriterOptions = { excelBom: false }): string {
  // The library writes a BOM only into output that holds records; a header is always one.
  return stringify(records, { ...rfc4180, bom: options.excelBom })
}

/**
 * A stream of CSV text: batches of rows in (arrays of cells, in the header's order), text out, the
 * header line first (after the BOM when asked). Each batch becomes one chunk, so a file of a
 * million rows is a thousand writes. `onRows` hears the running total after each batch.
 */
export function csvWriter(header: readonly string[], options: CsvWriterOptions, onRows: (written: number) => void = () => {}): Transform {
  let written = 0
  return new Transform({
    writableObjectMode: true,
    construct(callback) {
      this.push(csvText([[...header]], options))
      callback()
    },
    transform(rows: unknown[][], _encoding, callback) {
      let text: string
      try {
        text = csvText(rows)
      } catch (error) {
        callback(error instanceof Error ? error : new Error(String(error)))
        return
      }
      written += rows.length
      onRows(written)
      callback(null, text)
    },
  })
}
