import { once } from 'node:events'
import { mkdtempSync, rmSync, truncateSync, writeFileSync, createWriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished } from 'node:stream/promises'
import { afterAll, describe, expect, it } from 'vitest'
import { CsvFileError, detectDelimiter, openCsv, type CsvReadOptions } from '../../../src/main/csv/parse'
import { MAX_IMPORT_FILE_BYTES } from '../../../src/shared/schemas/imports'

const dir = mkdtempSync(join(tmpdir(), 'roster-parse-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let n = 0
const fileOf = (content: string | Buffer) => {
  const path = join(dir, `f${n++}.csv`)
  writeFileSync(path, content)
  return path
}

async function readAll(content: string | Buffer, options: Partial<CsvReadOptions> = {}) {
  const file = await openCsv(fileOf(content), { encoding: 'utf-8', ...options })
  const records = []
  for await (const record of file.records()) records.push(record)
  return { delimiter: file.delimiter, headers: file.headers, records }
}

/** The error a file is refused with (the test fails if it is read). */
async function refusal(content: string | Buffer, options: Partial<CsvReadOptions> = {}): Promise<string> {
  const error = await readAll(content, options).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(CsvFileError)
  return (error as CsvFileError).message
}

describe('CSV import parser', () => {
  it('reads quoted values with delimiters, doubled quotes and line breaks, numbering rows as a spreadsheet does', async () => {
    const { headers, records } = await readAll('Name,Email\n"Lee, Ann","ann@example.com"\n"Say ""hi""\nthere",b@example.com\n\nLast,c@example.com\n')
    expect(headers).toEqual(['Name', 'Email'])
    expect(records).toEqual([
      { row: 2, values: ['Lee, Ann', 'ann@example.com'] },
      { row: 3, values: ['Say "hi"\nthere', 'b@example.com'] },
      // The blank line keeps its number, as a spreadsheet shows it.
      { row: 5, values: ['Last', 'c@example.com'] },
    ])
  })

  it('strips a UTF-8 byte-order mark (Excel’s "CSV UTF-8") and reads CRLF line ends', async () => {
    const { headers, records } = await readAll('\uFEFFName,Email\r\nZoë,z@example.com\r\n')
    expect(headers).toEqual(['Name', 'Email'])
    expect(records).toEqual([{ row: 2, values: ['Zoë', 'z@example.com'] }])
  })

  it('reads UTF-16 with its byte-order mark (Excel’s "Unicode text", tab-separated)', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Name\tEmail\nJosé\tj@example.com\n', 'utf16le')])
    const { delimiter, records } = await readAll(utf16)
    expect(delimiter).toBe('\t')
    expect(records).toEqual([{ row: 2, values: ['José', 'j@example.com'] }])
  })

  it('detects comma, semicolon and tab from the header line, ignoring separators inside quotes', async () => {
    expect(detectDelimiter('Name,Email,Agency')).toBe(',')
    expect(detectDelimiter('Name;Email;"A,B,C"')).toBe(';')
    expect(detectDelimiter('Name\tEmail')).toBe('\t')
    expect(detectDelimiter('Name')).toBe(',')
    expect((await readAll('Name;Email\nAnn;a@example.com\n')).records[0]!.values).toEqual(['Ann', 'a@example.com'])
  })

  it('reads rows of any length and leaves judging them to the caller (ragged rows)', async () => {
    const { records } = await readAll('a,b,c\n1,2\n1,2,3,4\n')
    expect(records.map((r) => r.values.length)).toEqual([2, 4])
  })

  it('refuses an empty file, and one with only blank lines, as having no header', async () => {
    expect(await refusal('')).toMatch(/empty/)
    expect(await refusal('\n\n\r\n')).toMatch(/no header row/)
  })

  it('refuses binary files and Excel workbooks with what to do instead', async () => {
    expect(await refusal(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toMatch(/not a text file/)
    expect(await refusal(Buffer.concat([Buffer.from('PK\u0003\u0004', 'latin1'), Buffer.alloc(100, 1)]))).toMatch(/Excel workbook.*CSV UTF-8/)
  })

  it('refuses bytes that are not UTF-8, naming the line; the Windows encoding reads them', async () => {
    const latin1 = Buffer.from('Name,Email\nAnn,a@example.com\nRen\xe9,r@example.com\n', 'latin1')
    expect(await refusal(latin1)).toMatch(/^Line 3 \(byte 34\) is not valid UTF-8/)
    const { records } = await readAll(latin1, { encoding: 'windows-1252' })
    expect(records[1]!.values[0]).toBe('René')
  })

  it('reads characters of 2 to 4 bytes that a read of the file cuts in two, and refuses a file ending inside one', async () => {
    // The file is read 256 KiB at a time: each character below straddles one of those reads.
    const header = 'Name,Email\n'
    const characters = ['é', '€', '😀']
    let content = header
    const names: string[] = []
    for (const [index, character] of characters.entries()) {
      const boundary = (index + 1) * 256 * 1024
      const padding = 'x'.repeat(boundary - Buffer.byteLength(content) - 1 - 1)
      const name = `${padding}${character}`
      names.push(name)
      content += `${name},p${index}@example.com\n`
    }
    const { records } = await readAll(content)
    expect(records.map((r) => r.values[0])).toEqual(names)
    const cut = Buffer.from('Name,Email\nAnn,ann@example.com\nRen€', 'utf-8')
    expect(await refusal(cut.subarray(0, cut.length - 1))).toMatch(/^Line 3 \(byte 35\) is not valid UTF-8/)
  })

  it('refuses a quote left open, naming the row where it opens', async () => {
    expect(await refusal('Name,Email\nAnn,a@example.com\n"Bob,b@example.com\nCid,c@example.com\n')).toMatch(/^Row 3 opens a quoted value that is never closed/)
  })

  it('refuses a quote left open far into a large file at the limit of one record, naming its row', async () => {
    // 30,000 rows (~1 MB, several reads of the file) before the quote; 2 MB after it.
    const before = Array.from({ length: 30_000 }, (_, i) => `Person ${i},p${i}@example.com`).join('\n')
    const after = 'x,y\n'.repeat(512 * 1024)
    expect(await refusal(`Name,Email\n${before}\n"Open,o@example.com\n${after}`)).toMatch(/^Row 30002 is longer than 1 MB: most likely a " is left open there/)
    expect(await refusal(`Name,Email\n${before}\n"Open,o@example.com\nLast,l@example.com\n`)).toMatch(/^Row 30002 opens a quoted value that is never closed/)
  })

  it('refuses characters after a closing quote, naming the row, instead of reading on from there', async () => {
    expect(await refusal('Name,Email\nAnn,a@example.com\n"Bob" Jr,b@example.com\n"Cid",c@example.com\n')).toMatch(/^Row 3 has characters after the closing "/)
  })

  it('refuses a file over the size limit before reading it', async () => {
    const path = join(dir, 'huge.csv')
    writeFileSync(path, 'Name,Email\n')
    truncateSync(path, MAX_IMPORT_FILE_BYTES + 1)
    const error = await openCsv(path, { encoding: 'utf-8' }).then(() => null, (e: unknown) => e)
    expect((error as Error).message).toMatch(/Roster imports files up to 512 MB/)
  })

  it('streams a 200 MB file row by row without holding it in memory', { timeout: 300_000 }, async () => {
    const path = join(dir, 'big.csv')
    const out = createWriteStream(path)
    out.write('Name,Email,Agency,Roles,Active,Notes\n')
    // Long quoted cells: the bytes of a 200 MB file in a tenth of the records (a parser's cost is per record).
    const note = '"' + 'Works across, "quoted" departments; '.replace(/"/g, '""').repeat(14) + '"'
    const line = (i: number) => `Person ${i},person${i}@example.com,Agency ${i % 50},Editor;Viewer,true,${note}\n`
    const rows = Math.ceil((200 * 1024 * 1024) / line(1_000_000).length)
    for (let i = 0; i < rows; i += 1000) {
      const block = Array.from({ length: Math.min(1000, rows - i) }, (_, k) => line(i + k)).join('')
      if (!out.write(block)) await once(out, 'drain')
    }
    out.end()
    await finished(out)
    const before = process.memoryUsage().rss
    let peak = before
    let count = 0
    const file = await openCsv(path, { encoding: 'utf-8' })
    for await (const record of file.records()) {
      count++
      if (count % 100_000 === 0) peak = Math.max(peak, process.memoryUsage().rss)
      if (count === rows) expect(record.values[1]).toBe(`person${rows - 1}@example.com`)
    }
    expect(count).toBe(rows)
    expect(peak - before).toBeLessThan(150 * 1024 * 1024)
  })
})
