import { describe, expect, it } from 'vitest'
import { orderedUuidV7s } from '../../../src/main/imports/ordered-ids'

describe('orderedUuidV7s', () => {
  it('gives UUIDv7s in strictly increasing order, past 4,096 in one millisecond, with the time they were made', () => {
    const now = Date.UTC(2026, 11, 3, 12, 0, 0)
    const ids = orderedUuidV7s(10_000, now)
    expect(new Set(ids).size).toBe(10_000)
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true)
    for (const id of [ids[0]!, ids[4095]!, ids[4096]!, ids[9999]!]) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    }
    const millisecondsOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16)
    expect(millisecondsOf(ids[0]!)).toBe(now)
    expect(millisecondsOf(ids[4096]!)).toBe(now + 1)
  })
})
