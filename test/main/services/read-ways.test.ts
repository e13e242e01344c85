import { describe, expect, it } from 'vitest'
import { learnedWalk, PACE_ROWS, type WaysRead } from '../../../src/main/services/read-ways'

const wanted = 100
const next = (memory: WaysRead | undefined, rowsAhead = 1_000_000, modelCap: number | null = 200) =>
  learnedWalk({ modelCap: () => Promise.resolve(modelCap), memory, wanted, rowsAhead: () => Promise.resolve(rowsAhead) })

describe('the way a view read before decides its next read', () => {
  it('goes by the planner’s estimates until both ways were measured', async () => {
    expect(await next(undefined)).toBe(200)
    expect(await next({ sorted: { ms: 1_400, firstKeys: ['ann.a@example.com', 'id'] } }, 1_000_000, null)).toBeNull()
    expect(await next({ walk: { cap: 200, filled: true, ms: 3 } })).toBe(200)
  })

  it('takes the faster of a walk that filled its page and the sort', async () => {
    expect(await next({ walk: { cap: 16_000, filled: true, ms: 55 }, sorted: { ms: 30, firstKeys: ['k', 'id'] } })).toBeNull()
    expect(await next({ walk: { cap: 16_000, filled: true, ms: 4 }, sorted: { ms: 30, firstKeys: ['k', 'id'] } })).toBe(16_000)
  })

  it('after a short walk ran out and a slow sort, first measures a walk’s pace over enough rows', async () => {
    expect(await next({ walk: { cap: 200, filled: false, ms: 1 }, sorted: { ms: 1_400, firstKeys: ['ann.a@example.com', 'id'] } })).toBe(PACE_ROWS)
  })

  it('walks past the rows ahead of the sorted page when that pace makes it cheaper than the sort', async () => {
    // 2,000 rows in 1.4 ms: 0.7 µs a row, 1,000,100 rows expected in 700 ms against the sort's 1,400.
    const memory = { walk: { cap: PACE_ROWS, filled: false, ms: 1.4 }, sorted: { ms: 1_400, firstKeys: ['ann.a@example.com', 'id'] } }
    expect(await next(memory)).toBe(Math.ceil(1_000_100 * 1.25) + wanted * 4)
    // Nine million rows ahead (the same view in the other order) would cost more than the sort.
    expect(await next(memory, 9_000_000)).toBeNull()
  })

  it('takes a walk whose pace leaves the choice close again ten times longer, and then walks past the rows ahead', async () => {
    // Measured at 10M users, names starting with Ann by email: 2,000 rows in 15 ms (7.5 µs a row,
    // the statement's own time and cold rows included) put the 300,100 rows ahead at 2.3 s against
    // the sort's 2.07 s; 20,000 rows in 110 ms (5.5 µs) put them at 1.65 s. The walk took 1.3 s.
    const sorted = { ms: 2_065, firstKeys: ['ann.a@example.com', 'id'] }
    expect(await next({ walk: { cap: PACE_ROWS, filled: false, ms: 15.3 }, sorted }, 300_000)).toBe(PACE_ROWS * 10)
    expect(await next({ walk: { cap: PACE_ROWS * 10, filled: false, ms: 110 }, sorted }, 300_000)).toBe(Math.ceil(300_100 * 1.25) + wanted * 4)
    // Not when the longer walk would cost more than a tenth of the sort, nor when even the short
    // walk's pace puts the rows ahead far beyond it (nine million of them).
    expect(await next({ walk: { cap: PACE_ROWS, filled: false, ms: 15 }, sorted: { ...sorted, ms: 500 } }, 150_000)).toBeNull()
    expect(await next({ walk: { cap: PACE_ROWS, filled: false, ms: 15 }, sorted }, 9_000_000)).toBeNull()
  })

  it('sorts again once the longer walk ran out too, and never tries a walk for a fast sort', async () => {
    const cap = Math.ceil(1_000_100 * 1.25) + wanted * 4
    expect(await next({ walk: { cap, filled: false, ms: 900 }, sorted: { ms: 1_400, firstKeys: ['ann.a@example.com', 'id'] } })).toBeNull()
    expect(await next({ walk: { cap: 200, filled: false, ms: 1 }, sorted: { ms: 5, firstKeys: ['k', 'id'] } })).toBeNull()
    expect(await next({ walk: { cap: 200, filled: false, ms: 1 }, sorted: { ms: 1_400, firstKeys: null } })).toBeNull()
  })
})
