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

  it('walks past the rows ahead when their pace puts it within a quarter of the sort', async () => {
    // Measured at 10M users, names starting with Ann by email: 2,000 rows in 15 ms (7.65 µs a row,
    // the statement's own time and cold rows included) put the 300,100 rows ahead at 2.3 s against
    // the sort's 2.07 s. The walk took 1.3 s (4.4 µs a row).
    const sorted = { ms: 2_065, firstKeys: ['ann.a@example.com', 'id'] }
    const walkAhead = Math.ceil(300_100 * 1.25) + wanted * 4
    expect(await next({ walk: { cap: PACE_ROWS, filled: false, ms: 15.3 }, sorted }, 300_000)).toBe(walkAhead)
  })

  it('times a walk whose pace leaves the choice close again, as long as a tenth of the sort pays for', async () => {
    // Read cold: 2,000 rows in 22 ms (11 µs a row) put them at 3.3 s against 2.1; a tenth of the
    // sort pays for 19,000 rows, which took 141 ms (7 µs a row): 2.1 s, and the walk took 1.3 s.
    const sorted = { ms: 2_113, firstKeys: ['ann.a@example.com', 'id'] }
    const probe = Math.floor((2_113 * 0.1) / (22.2 / PACE_ROWS))
    expect(await next({ walk: { cap: PACE_ROWS, filled: false, ms: 22.2 }, sorted }, 300_000)).toBe(probe)
    expect(await next({ walk: { cap: probe, filled: false, ms: 141 * (probe / 20_000) }, sorted }, 300_000)).toBe(Math.ceil(300_100 * 1.25) + wanted * 4)
    // Not when a tenth of the sort pays for less than twice the rows, nor when even the short
    // walk's pace puts the rows ahead far beyond the sort (nine million of them).
    expect(await next({ walk: { cap: PACE_ROWS, filled: false, ms: 15 }, sorted: { ...sorted, ms: 200 } }, 60_000)).toBeNull()
    expect(await next({ walk: { cap: PACE_ROWS, filled: false, ms: 15 }, sorted }, 9_000_000)).toBeNull()
  })

  it('times the longer walk once: a pace it leaves close sorts, though a tenth of the sort pays for more', async () => {
    // 20,000 rows in 100 ms (5 µs a row) put 600,100 rows ahead at 3 s against a sort of 2.1 s; a
    // tenth of the sort would pay for 42,000 rows, but another timing walk, and another after
    // it as the sort's time varies, would be paid on every read.
    const sorted = { ms: 2_113, firstKeys: ['ann.a@example.com', 'id'] }
    expect(await next({ walk: { cap: 20_000, filled: false, ms: 100 }, sorted }, 600_000)).toBeNull()
  })

  it('sorts again once the longer walk ran out too, and never tries a walk for a fast sort', async () => {
    const cap = Math.ceil(1_000_100 * 1.25) + wanted * 4
    expect(await next({ walk: { cap, filled: false, ms: 900 }, sorted: { ms: 1_400, firstKeys: ['ann.a@example.com', 'id'] } })).toBeNull()
    expect(await next({ walk: { cap: 200, filled: false, ms: 1 }, sorted: { ms: 5, firstKeys: ['k', 'id'] } })).toBeNull()
    expect(await next({ walk: { cap: 200, filled: false, ms: 1 }, sorted: { ms: 1_400, firstKeys: null } })).toBeNull()
  })
})
