/**
 * Chromium lays out at most 2^25 px (~33.5M) in one element, ~1.04M rows of 32 px, and scrolling
 * gets imprecise well before that. Above this height the scroll space is scaled down: the
 * scrollbar's fraction then maps to the same fraction of the rows, so every row stays reachable.
 */
export const MAX_SCROLL_HEIGHT = 10_000_000

/** The rows' scroll space: as tall as the rows (virtual) and as laid out (real). */
export interface ScrollSpace {
  virtualHeight: number
  realHeight: number
  /** The scroll element's inner height. */
  viewport: number
}

export const scrollSpace = (contentHeight: number, viewport: number): ScrollSpace => ({
  virtualHeight: contentHeight,
  realHeight: Math.min(contentHeight, MAX_SCROLL_HEIGHT),
  viewport,
})

export const isScaled = (space: ScrollSpace) => space.realHeight < space.virtualHeight

/** How far each space scrolls: its height less what the viewport shows. */
const range = (height: number, viewport: number) => Math.max(0, height - viewport)

export const clampVirtual = (top: number, space: ScrollSpace) => Math.max(0, Math.min(range(space.virtualHeight, space.viewport), top))

/** The virtual scroll position of a real scrollTop (the same number when not scaled). */
export function toVirtual(realTop: number, space: ScrollSpace): number {
  if (!isScaled(space)) return realTop
  const real = range(space.realHeight, space.viewport)
  return real === 0 ? 0 : clampVirtual((realTop / real) * range(space.virtualHeight, space.viewport), space)
}

/** The real scrollTop that shows a virtual scroll position. */
export function toReal(virtualTop: number, space: ScrollSpace): number {
  if (!isScaled(space)) return virtualTop
  const virtual = range(space.virtualHeight, space.viewport)
  return virtual === 0 ? 0 : (virtualTop / virtual) * range(space.realHeight, space.viewport)
}

export type Align = 'auto' | 'start' | 'end'

/** The virtual scroll position that shows row `index` (rows start below a sticky header). */
export function topForRow(index: number, align: Align, current: number, rowHeight: number, headerHeight: number, viewport: number): number {
  const start = index * rowHeight
  const end = headerHeight + (index + 1) * rowHeight - viewport
  if (align === 'start') return start
  if (align === 'end') return end
  if (start < current) return start
  if (end > current) return end
  return current
}
