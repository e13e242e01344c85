import { createReadStream } from 'node:fs'
import { isUtf8 } from 'node:buffer'
import { open, stat } from 'node:fs/promises'
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { TextDecoder } from 'node:util'
import Papa from 'papaparse'
import { MAX_IMPORT_FILE_BYTES, type ImportDelimiter, type ImportEncoding } from '../../shared/schemas/imports'
import { ApiFailure } from '../api-failure'

/** A file that cannot be read as CSV: the message says why and what to do. Nothing was written. */
export class CsvFileError extends ApiFailure {
  constructor(message: string) {
    super('validation', message)
  }
}

/** A record longer than this is refused: no row of Roster's comes near it, a quote left open does. */
export const MAX_RECORD_BYTES = 1024 * 1024
const SNIFF_BYTES = 64 * 1024

export interface CsvReadOptions {
  /** Absent: detected from the first line. */
  delimiter?: ImportDelimiter
  encoding: ImportEncoding
  signal?: AbortSignal
  /** Told of every chunk read, for progress. */
  onBytes?(bytes: number): void
}

/** One data row, numbered as a spreadsheet numbers it (the header is row 1). */
export interface CsvRecord {
  row: number
  values: string[]
}

type TextEncodingLabel = ImportEncoding | 'utf-16le' | 'utf-16be'

interface Sniffed {
  encoding: TextEncodingLabel
  bomBytes: number
  size: number
}

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`

/** Reads the start of the file: size, byte-order mark, and whether it is text at all. */
async function sniff(path: string, chosen: ImportEncoding): Promise<Sniffed> {
  const { size } = await stat(path)
  if (size === 0) throw new CsvFileError('The file is empty: there is no header row and no data.')
  if (size > MAX_IMPORT_FILE_BYTES) {
    throw new CsvFileError(`The file is ${mb(size)}; Roster imports files up to ${mb(MAX_IMPORT_FILE_BYTES)}. Split it into smaller files.`)
  }
  const handle = await open(path, 'r')
  const head = Buffer.alloc(Math.min(size, SNIFF_BYTES))
  try {
    await handle.read(head, 0, head.length, 0)
  } finally {
    await handle.close()
  }
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomBytes: 3, size }
  // Excel's "Unicode text" is tab-separated UTF-16 with a byte-order mark.
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomBytes: 2, size }
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomBytes: 2, size }
  if (head.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    throw new CsvFileError('This is an Excel workbook (or another zip file), not CSV text. In Excel, save it as "CSV UTF-8" and import that file.')
  }
  if (looksBinary(head)) throw new CsvFileError('This is not a text file (it holds binary data). Choose a CSV or TSV file.')
  return { encoding: chosen, bomBytes: 0, size }
}

/** NUL bytes, or many control characters other than tab and line breaks: no CSV holds those. */
function looksBinary(head: Buffer): boolean {
  let control = 0
  for (const byte of head) {
    if (byte === 0) return true
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control++
  }
  return control > head.length / 100
}

/** Counts `\n` bytes; for the line a decoding error is reported on. */
function newlines(bytes: Uint8Array): number {
  let count = 0
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) count++
  return count
}

/** Where in `chunk` decoding first fails: the longest prefix that decodes (its end is monotone in length). */
function firstUndecodable(chunk: Uint8Array, encoding: TextEncodingLabel): number {
  let [good, bad] = [0, chunk.length]
  while (bad - good > 1) {
    const mid = (good + bad) >> 1
    try {
      new TextDecoder(encoding, { fatal: true }).decode(chunk.subarray(0, mid), { stream: true })
      good = mid
    } catch {
      bad = mid
    }
  }
  return good
}

/** Where a chunk's last UTF-8 sequence starts if the chunk cuts it off; else the chunk's length. */
function completeUtf8Length(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!
    if ((byte & 0xc0) === 0x80) continue // a continuation byte: its lead byte is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1
    return length > back ? bytes.length - back : bytes.length
  }
  return bytes.length
}

/**
 * Bytes to text, refusing bytes that are not valid in the encoding (never silently replaced).
 * UTF-8 is only checked here and passed on whole characters at a time; the stream's own decoder
 * (setEncoding) makes it text, once.
 */
class DecodeText extends Transform {
  readonly #decoder: TextDecoder
  #line = 1
  #offset: number
  /** A UTF-8 sequence the last chunk cut off, completed by the next. */
  #cutOff: Buffer = Buffer.alloc(0)

  constructor(
    readonly encoding: TextEncodingLabel,
    startOffset: number,
    readonly onBytes?: (bytes: number) => void,
  ) {
    super({ decodeStrings: true, readableObjectMode: false })
    this.#decoder = new TextDecoder(encoding, { fatal: true })
    this.#offset = startOffset
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.onBytes?.(chunk.length)
    if (this.encoding === 'utf-8') {
      this.#passUtf8(chunk, done)
      return
    }
    try {
      done(null, this.#decoder.decode(chunk, { stream: true }))
    } catch {
      const at = firstUndecodable(chunk, this.encoding)
      done(this.#undecodable(this.#line + newlines(chunk.subarray(0, at)), this.#offset + at))
      return
    }
    this.#line += newlines(chunk)
    this.#offset += chunk.length
  }

  #passUtf8(chunk: Buffer, done: TransformCallback): void {
    const bytes = this.#cutOff.length === 0 ? chunk : Buffer.concat([this.#cutOff, chunk])
    const whole = bytes.subarray(0, completeUtf8Length(bytes))
    if (!isUtf8(whole)) {
      const at = firstUndecodable(whole, this.encoding)
      done(this.#undecodable(this.#line + newlines(whole.subarray(0, at)), this.#offset + at))
      return
    }
    this.#cutOff = Buffer.from(bytes.subarray(whole.length))
    this.#line += newlines(whole)
    this.#offset += whole.length
    done(null, whole)
  }

  override _flush(done: TransformCallback): void {
    if (this.encoding === 'utf-8') {
      done(this.#cutOff.length === 0 ? null : this.#undecodable(this.#line, this.#offset))
      return
    }
    try {
      done(null, this.#decoder.decode())
    } catch {
      done(this.#undecodable(this.#line, this.#offset))
    }
  }

  #undecodable(line: number, offset: number): CsvFileError {
    const where = `Line ${line} (byte ${offset + 1})`
    return this.encoding === 'utf-8'
      ? new CsvFileError(`${where} is not valid UTF-8 text. Save the file as "CSV UTF-8", or choose the Windows (Western) encoding if an older Excel wrote it.`)
      : new CsvFileError(`${where} is not valid ${this.encoding} text. Save the file as "CSV UTF-8".`)
  }
}

const delimiters: ImportDelimiter[] = [',', ';', '\t']

/** The separator the header line uses most, outside quotes; a comma when it names one column. */
export function detectDelimiter(firstLine: string): ImportDelimiter {
  const counts = new Map<ImportDelimiter, number>(delimiters.map((d) => [d, 0]))
  let quoted = false
  for (const char of firstLine) {
    if (char === '"') quoted = !quoted
    else if (!quoted && counts.has(char as ImportDelimiter)) counts.set(char as ImportDelimiter, counts.get(char as ImportDelimiter)! + 1)
  }
  return delimiters.reduce((best, d) => (counts.get(d)! > counts.get(best)! ? d : best), ',')
}

/** The text of the file's first line, decoded (BOM left out), for delimiter detection. */
async function firstLine(path: string, sniffed: Sniffed): Promise<string> {
  const handle = await open(path, 'r')
  const head = Buffer.alloc(Math.min(sniffed.size - sniffed.bomBytes, SNIFF_BYTES))
  try {
    await handle.read(head, 0, head.length, sniffed.bomBytes)
  } finally {
    await handle.close()
  }
  const text = new TextDecoder(sniffed.encoding).decode(head)
  return text.split(/\r?\n/, 1)[0] ?? ''
}

/** Papa Parse's error for a quote left open; its others are about a value after a closing quote. */
const QUOTE_LEFT_OPEN = 'MissingQuotes'

/** Says which row a parser error is about, in words an admin can act on. */
function describeParseError(error: Papa.ParseError, row: number): CsvFileError {
  if (error.code === QUOTE_LEFT_OPEN) {
    return new CsvFileError(`Row ${row} opens a quoted value that is never closed: a " is missing, so the rest of the file reads as one value.`)
  }
  return new CsvFileError(`Row ${row} has characters after the closing " of a quoted value: quote the whole value, with each " inside it doubled ("").`)
}

const recordTooLong = (row: number) => new CsvFileError(`Row ${row} is longer than ${mb(MAX_RECORD_BYTES)}: most likely a " is left open there.`)

/**
 * The records of a text stream, parsed by Papa Parse: one batch per chunk read (a few thousand
 * rows), so a 100,000-row file costs a few dozen awaits, not one per row. At most two batches wait
 * unread before the stream is paused. A record still unfinished past MAX_RECORD_BYTES (a quote left
 * open) is refused there, not read to the end of a 200 MB file.
 */
async function* parsedBatches(text: Readable, delimiter: ImportDelimiter): AsyncGenerator<string[][]> {
  const waiting: string[][][] = []
  let ended = false
  let failure: unknown = null
  let wake: (() => void) | null = null
  const notify = () => {
    wake?.()
    wake = null
  }
  let charsRead = 0
  let rowsParsed = 0
  // Listening before Papa Parse does: a chunk is counted before it is parsed.
  text.on('data', (chunk: string) => void (charsRead += chunk.length))
  Papa.parse<string[]>(text, {
    delimiter,
    chunk(results, parser) {
      const error = results.errors[0]
      if (error) failure ??= describeParseError(error, rowsParsed + (error.row ?? 0) + 1)
      // What is read and not yet a whole record, in characters (each at least a byte).
      else if (charsRead - results.meta.cursor > MAX_RECORD_BYTES) failure ??= recordTooLong(rowsParsed + results.data.length + 1)
      if (failure) {
        parser.abort()
        text.destroy()
      } else {
        rowsParsed += results.data.length
        waiting.push(results.data)
        if (waiting.length >= 2) text.pause()
      }
      notify()
    },
    complete: () => {
      ended = true
      notify()
    },
    error: (error) => {
      failure ??= error
      notify()
    },
  })
  while (true) {
    const batch = waiting.shift()
    if (batch) {
      text.resume()
      yield batch
    } else if (failure) throw failure
    else if (ended) return
    else await new Promise<void>((resolve) => (wake = resolve))
  }
}

export interface CsvFile {
  delimiter: ImportDelimiter
  headers: string[]
  size: number
  /** Every data row after the header, streamed; blank rows are skipped but keep their numbers. */
  records(): AsyncGenerator<CsvRecord>
  /** The same rows, a few thousand at a time: for reading every row, at less cost a row. */
  batches(): AsyncGenerator<CsvRecord[]>
}

/**
 * Opens a CSV or TSV file for streaming: checks it is text in the chosen encoding (a BOM decides
 * over the choice), detects the delimiter, reads the header. The file is never held in memory.
 */
export async function openCsv(path: string, options: CsvReadOptions): Promise<CsvFile> {
  const sniffed = await sniff(path, options.encoding)
  const delimiter = options.delimiter ?? detectDelimiter(await firstLine(path, sniffed))

  /** The file's rows in batches, the header first only `withHeader`. */
  async function* rows(withHeader: boolean): AsyncGenerator<CsvRecord[]> {
    const source = createReadStream(path, { start: sniffed.bomBytes, highWaterMark: 256 * 1024, signal: options.signal })
    const text = new DecodeText(sniffed.encoding, sniffed.bomBytes, options.onBytes).setEncoding('utf8')
    let failed: unknown = null
    // A read or decoding error ends the text stream, and is thrown from the batches in its place.
    pipeline(source, text).catch((error: unknown) => void (failed ??= error))
    let row = 0
    let headerRow = 0
    try {
      for await (const batch of parsedBatches(text, delimiter)) {
        const records: CsvRecord[] = []
        for (const values of batch) {
          row++
          // A blank line, or a row of empty cells (a spreadsheet's empty row saved as ",,,"), is no row.
          if (values.every((v) => v.trim() === '')) continue
          if (headerRow === 0) {
            headerRow = row
            if (!withHeader) continue
          }
          records.push({ row, values })
        }
        if (records.length > 0) yield records
      }
    } catch (error) {
      // What the parser refused the file for; else why the file could not be read (which also stops the parser).
      throw error instanceof CsvFileError ? error : (failed ?? error)
    } finally {
      source.destroy()
    }
    if (failed) throw failed
  }

  const records = async function* (withHeader: boolean): AsyncGenerator<CsvRecord> {
    for await (const batch of rows(withHeader)) yield* batch
  }

  const head = records(true)
  const first = await head.next()
  await head.return(undefined)
  if (first.done) throw new CsvFileError('The file holds only blank lines: there is no header row.')
  const headers = first.value.values.map((h) => h.trim())
  return {
    delimiter,
    headers,
    size: sniffed.size,
    records: () => records(false),
    batches: () => rows(false),
  }
}
