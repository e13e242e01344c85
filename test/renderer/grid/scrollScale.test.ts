import { describe, expect, it } from 'vitest'
import { MAX_SCROLL_HEIGHT, isScaled, scrollSpace, toReal, toVirtual } from '../../../src/renderer/src/grid/viewport/scrollScale'

describe('scaled scroll space', () => {
  it('is the rows’ own height while it fits', () => {
    const space = scrollSpace(10_000 * 32, 600)
    expect(isScaled(space)).toBe(false)
    expect(toVirtual(12_345, space)).toBe(12_345)
    expect(toReal(12_345, space)).toBe(12_345)
  })

  it('maps the scrollbar fraction to the same fraction of a million rows and back', () => {
    const space = scrollSpace(5_000_000 * 32, 600)
    expect(isScaled(space)).toBe(true)
    expect(space.realHeight).toBe(MAX_SCROLL_HEIGHT)
    const realEnd = MAX_SCROLL_HEIGHT - 600
    expect(toVirtual(realEnd, space)).toBe(5_000_000 * 32 - 600)
    expect(toVirtual(realEnd * 0.7, space)).toBeCloseTo((5_000_000 * 32 - 600) * 0.7, 0)
    expect(toReal(toVirtual(1_234_567, space), space)).toBeCloseTo(1_234_567, 3)
    expect(toVirtual(-5, space)).toBe(0)
  })
})
