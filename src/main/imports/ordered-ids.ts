import { randomFillSync } from 'node:crypto'

/**
 * `count` UUIDv7s (RFC 9562) in strictly increasing order: the milliseconds since 1970, then a
 * 12-bit counter (its method 1) that carries into the milliseconds, then random bits. Rows written
 * with them fill every index of their ids in sequence, as the staged inserts' `new_id` does
 * (staging.ts).
 */
export function orderedUuidV7s(count: number, now = Date.now()): string[] {
  const random = randomFillSync(Buffer.alloc(count * 8))
  const bytes = Buffer.alloc(16)
  const ids = new Array<string>(count)
  for (let i = 0; i < count; i++) {
    const ms = now + Math.floor(i / 4096)
    const counter = i % 4096
    bytes.writeUIntBE(ms, 0, 6)
    bytes[6] = 0x70 | (counter >> 8)
    bytes[7] = counter & 0xff
    random.copy(bytes, 8, i * 8, i * 8 + 8)
    bytes[8] = (bytes[8]! & 0x3f) | 0x80
    const hex = bytes.toString('hex')
    ids[i] = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
  return ids
}
