import { describe, expect, it } from 'vitest'
import { parseTsv, toTsv } from '../../../../src/renderer/src/grid/clipboard'

describe('parseTsv: tab-separated text from spreadsheets and Roster’s own copy', () => {
  it('reads rows and cells, with the spreadsheet’s closing line break ending the last row', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ])
    expect(parseTsv('one')).toEqual([['one']])
    expect(parseTsv('x\n')).toEqual([['x']])
  })

  it('keeps empty cells and empty rows inside the block', () => {
    expect(parseTsv('a\t\tc\n\n\tz')).toEqual([['a', '', 'c'], [''], ['', 'z']])
    expect(parseTsv('')).toEqual([['']])
  })

  it('reads quoted cells holding tabs, line breaks and doubled quotes', () => {
    expect(parseTsv('"line 1\nline 2"\tplain\n"say ""hi"""\t"a\tb"')).toEqual([
      ['line 1\nline 2', 'plain'],
      ['say "hi"', 'a\tb'],
    ])
    expect(parseTsv('"CRLF\r\ninside"\r\nnext')).toEqual([['CRLF\r\ninside'], ['next']])
  })

  it('takes quotes that do not wrap a whole cell as text', () => {
    expect(parseTsv('5" screen\t"quoted" then text\n"never closed\tx')).toEqual([
      ['5" screen', '"quoted" then text'],
      ['"never closed', 'x'],
    ])
  })

  it('reads back what Roster’s copy writes', () => {
    const block = [
      ['Ann', 'a\tb', 'two\nlines'],
      ['"quoted"', '', 'Administrator; Viewer'],
    ]
    expect(parseTsv(toTsv(block))).toEqual(block)
  })
})
