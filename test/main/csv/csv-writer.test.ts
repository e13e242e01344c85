import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { csvText, csvWriter } from '../../../src/main/csv/csv-writer'

const line = (...cells: unknown[]) => csvText([cells])
// Decoded by Buffer, which keeps a BOM (TextDecoder would drop it).
const streamText = async (stream: NodeJS.ReadableStream) => (await buffer(stream)).toString('utf8')

describe('CSV writer', () => {
  it('ends every line with CRLF and leaves plain cells unquoted', () => {
    expect(csvText([['Ada', 'ada@example.com'], ['Bob', 'bob@example.com']])).toBe('Ada,ada@example.com\r\nBob,bob@example.com\r\n')
  })

  it('quotes cells holding a comma, a quote, LF or CR, doubling the quotes (RFC 4180)', () => {
    expect(line('a,b')).toBe('"a,b"\r\n')
    expect(line('say "hi"')).toBe('"say ""hi"""\r\n')
    expect(line('line 1\nline 2')).toBe('"line 1\nline 2"\r\n')
    expect(line('line 1\r\nline 2')).toBe('"line 1\r\nline 2"\r\n')
    expect(line('a\rb')).toBe('"a\rb"\r\n')
    expect(line('"')).toBe('""""\r\n')
  })

  it('writes nothing for null, the count as digits and flags as true/false', () => {
    expect(line(null, '', 42, true, false)).toBe(',,42,true,false\r\n')
  })

  it("neutralises cells a spreadsheet would run as a formula with a leading '", () => {
    expect(line('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)\r\n")
    expect(line('+1 555 0100')).toBe("'+1 555 0100\r\n")
    expect(line('-2+3')).toBe("'-2+3\r\n")
    expect(line('@cmd')).toBe("'@cmd\r\n")
    expect(line('\tindented')).toBe("'\tindented\r\n")
    // Still quoted for its CR, after the mark.
    expect(line('\r=1')).toBe(`"'\r=1"\r\n`)
    expect(line('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"\r\n`)
    // Only at the start of a cell, and never for numbers.
    expect(line('a=b', 'x-y', -5)).toBe('a=b,x-y,-5\r\n')
  })

  it('keeps unicode as it is, in UTF-8', () => {
    const cells = ['Zoë Ødegård', '東京', 'emoji 😀', 'ﬁ ligature']
    expect(Buffer.from(line(...cells), 'utf8').toString('utf8')).toBe(`${cells.join(',')}\r\n`)
  })

  it('streams the header first, then each batch, with a BOM only when asked', async () => {
    const rows: unknown[][][] = [[['Ada', true]], [['Bob', false], ['Cy, Jr.', null]]]
    const counts: number[] = []
    const plain = await streamText(Readable.from(rows).pipe(csvWriter(['Name', 'Active'], { excelBom: false }, (n) => counts.push(n))))
    expect(plain).toBe('Name,Active\r\nAda,true\r\nBob,false\r\n"Cy, Jr.",\r\n')
    expect(counts).toEqual([1, 3])

    const withBom = await streamText(Readable.from(rows).pipe(csvWriter(['Name', 'Active'], { excelBom: true })))
    expect(withBom).toBe(`\uFEFF${plain}`)
    const bytes = Buffer.from(withBom, 'utf8')
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  })

  it('writes the header alone when there are no rows', async () => {
    expect(await streamText(Readable.from([]).pipe(csvWriter(['Name'], { excelBom: true })))).toBe('\uFEFFName\r\n')
  })
})
