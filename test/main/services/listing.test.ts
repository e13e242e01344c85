import { describe, expect, it } from 'vitest'
import { isoFromPg } from '../../../src/main/services/listing'

describe('timestamps as PostgreSQL prints them', () => {
  it('become JavaScript ISO text, whatever the fraction PostgreSQL trimmed', () => {
    expect(isoFromPg('2026-11-15 01:18:29.959+00')).toBe('2026-11-15T01:18:29.959Z')
    expect(isoFromPg('2026-11-15 01:18:29.95+00')).toBe('2026-11-15T01:18:29.950Z')
    expect(isoFromPg('2026-11-15 01:18:29.9+00')).toBe('2026-11-15T01:18:29.900Z')
    expect(isoFromPg('2026-11-15 01:18:29+00')).toBe('2026-11-15T01:18:29.000Z')
    expect(isoFromPg('2026-11-15 01:18:29.123456+00')).toBe('2026-11-15T01:18:29.123Z')
  })

  it('agree with Date for a session in another time zone', () => {
    for (const text of ['2026-11-15 06:48:29.959+05:30', '2026-11-14 17:18:29.5-08', '2026-03-29 03:30:00+02']) {
      const expected = new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString()
      expect(isoFromPg(text)).toBe(expected)
    }
    expect(isoFromPg('2026-11-15 06:48:29.959+05:30')).toBe('2026-11-15T01:18:29.959Z')
  })
})
