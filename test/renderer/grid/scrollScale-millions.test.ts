import { describe, expect, it } from 'vitest'
import { scrollSpace, toReal, toVirtual } from '../../../src/renderer/src/grid/viewport/scrollScale'

const ROW = 32
const VIEWPORT = 600

/** The first row shown when the scrollbar is dragged to `fraction` of its track. */
function rowAtScrollbar(rows: number, fraction: number): number {
  const space = scrollSpace(rows * ROW, VIEWPORT)
  const realTop = fraction * (space.realHeight - VIEWPORT)
  return Math.floor(toVirtual(realTop, space) / ROW)
}

describe.each([10_000_000, 50_000_000])('the scrollbar over %i rows', (rows) => {
  it.each([0.01, 0.25, 0.5, 0.7, 0.99])('lands within 1 %% of the row asked for at %f', (fraction) => {
    const asked = fraction * rows
    expect(Math.abs(rowAtScrollbar(rows, fraction) - asked)).toBeLessThan(rows * 0.01)
  })

  it('reaches the first and the last row, and a row’s position maps back to it', () => {
    expect(rowAtScrollbar(rows, 0)).toBe(0)
    expect(rowAtScrollbar(rows, 1)).toBe(rows - Math.ceil(VIEWPORT / ROW))
    const space = scrollSpace(rows * ROW, VIEWPORT)
    const top = 7_000_000 * ROW
    expect(Math.round(toVirtual(toReal(top, space), space) / ROW)).toBe(7_000_000)
  })
})
