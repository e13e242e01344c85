import { describe, expect, it } from 'vitest'
import { ByteChunks } from '../../../src/main/imports/byte-chunks'

/** Pushes every line and takes the rest: the chunks as they would be written out. */
function chunked(capacity: number, lines: string[]): Buffer[] {
  const chunks = new ByteChunks(capacity)
  const out: Buffer[] = []
  for (const line of lines) {
    const full = chunks.push(line)
    if (full) out.push(Buffer.from(full)) // copied: a chunk handed out must not change afterwards
  }
  const rest = chunks.take()
  if (rest) out.push(rest)
  return out
}

describe('ByteChunks', () => {
  it('writes every line once, in order, as UTF-8, in chunks no larger than asked', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `${i}\tZoë Ångström 日本 🎉 ${'x'.repeat(i % 37)}\n`)
    const out = chunked(256, lines)
    expect(Buffer.concat(out).toString('utf8')).toBe(lines.join(''))
    expect(out.length).toBeGreaterThan(10)
    for (const chunk of out) expect(chunk.length).toBeLessThanOrEqual(256)
  })

  it('hands out a chunk only when the next line might not fit, and nothing when there is nothing', () => {
    const chunks = new ByteChunks(30)
    expect(chunks.push('abc\n')).toBeUndefined() // 4 units: at most 12 bytes
    expect(chunks.push('defgh\n')).toBeUndefined() // 4 bytes used + 6 units: at most 22
    expect(chunks.push('ij\n')).toBeUndefined() // 10 bytes used + 3 units: at most 19
    expect(chunks.push('klmnopq\n')?.toString()).toBe('abc\ndefgh\nij\n') // 13 + 8 units: maybe 37
    expect(chunks.take()?.toString()).toBe('klmnopq\n')
    expect(chunks.take()).toBeUndefined()
  })

  it('sends a line larger than a chunk whole, after the lines before it', () => {
    const long = `${'é'.repeat(100)}\n`
    const out = chunked(64, ['a\n', long, 'b\n'])
    expect(out.map((chunk) => chunk.toString('utf8'))).toEqual([`a\n${long}`, 'b\n'])
  })
})
