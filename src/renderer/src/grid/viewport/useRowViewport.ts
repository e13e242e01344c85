import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react'
import { clampVirtual, isScaled, scrollSpace, toReal, toVirtual, topForRow, type Align } from './scrollScale'

interface Options {
  scrollRef: RefObject<HTMLDivElement | null>
  rowCount: number
  rowHeight: number
  /** The sticky header above the rows, inside the scroll element. */
  headerHeight: number
  /** Rows kept in the DOM above and below the visible ones. */
  overscan?: number
}

export interface ViewportRow {
  index: number
  /** Offset from the top of the rows' container, in real pixels. */
  top: number
}

export interface RowViewport {
  /** The rows to render: the visible ones plus the overscan. */
  rows: ViewportRow[]
  /** The rows actually on screen. */
  visible: { first: number; last: number }
  /** Real height of the rows' container. */
  height: number
  rowsPerPage: number
  scrollToIndex(index: number, align?: Align): void
  scrollToTop(): void
}

/**
 * Fixed-height row windowing over a scroll space that is scaled down when the rows are taller
 * than a browser can lay out (see scrollScale.ts). Positions are kept in virtual pixels; the
 * wheel scrolls them one to one while the scrollbar maps its fraction. TanStack Virtual reads
 * the element's real scrollTop and scrollHeight to clamp and settle its scrolls, so it cannot
 * work in a scaled space; with fixed row heights the windowing is plain arithmetic.
 */
export function useRowViewport({ scrollRef, rowCount, rowHeight, headerHeight, overscan = 8 }: Options): RowViewport {
  const [viewport, setViewport] = useState(600)
  const [top, setTop] = useState(0)
  const space = useMemo(() => scrollSpace(headerHeight + rowCount * rowHeight, viewport), [headerHeight, rowCount, rowHeight, viewport])
  const latest = useRef({ top: 0, space })
  // The scrollTop written last, so the scroll event it causes is not taken for the user's.
  const written = useRef<number | null>(null)

  const scrollToVirtual = useCallback(
    (target: number) => {
      const element = scrollRef.current
      const next = clampVirtual(target, latest.current.space)
      latest.current.top = next
      setTop(next)
      if (!element) return
      element.scrollTop = toReal(next, latest.current.space)
      written.current = element.scrollTop
    },
    [scrollRef],
  )

  useLayoutEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const observer = new ResizeObserver(() => setViewport(element.clientHeight))
    observer.observe(element)
    setViewport(element.clientHeight)
    return () => observer.disconnect()
  }, [scrollRef])

  // A new row count or viewport keeps the virtual position and moves the real one to match.
  useLayoutEffect(() => {
    const previous = latest.current.space
    latest.current.space = space
    const element = scrollRef.current
    if (!element) return
    // The scrollbar moved and its scroll event has not been handled yet (a count arriving right
    // after a drag): that position is the user's, not the one held before it.
    if (Math.abs(element.scrollTop - toReal(latest.current.top, previous)) >= 1) latest.current.top = toVirtual(element.scrollTop, previous)
    if (isScaled(space)) scrollToVirtual(latest.current.top)
    else if (element.scrollTop !== latest.current.top) {
      latest.current.top = element.scrollTop
      setTop(element.scrollTop)
    }
  }, [space, scrollRef, scrollToVirtual])

  useEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const onScroll = () => {
      const real = element.scrollTop
      const ours = written.current !== null && Math.abs(real - written.current) < 1
      written.current = null
      if (ours) return
      const next = toVirtual(real, latest.current.space)
      latest.current.top = next
      setTop(next)
    }
    // Scaled, the wheel would move several rows per pixel: it scrolls the virtual position instead.
    const onWheel = (event: WheelEvent) => {
      const current = latest.current.space
      if (!isScaled(current) || event.deltaY === 0 || event.ctrlKey) return
      event.preventDefault()
      const unit = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? rowHeight : event.deltaMode === WheelEvent.DOM_DELTA_PAGE ? current.viewport : 1
      element.scrollLeft += event.deltaX * unit
      scrollToVirtual(latest.current.top + event.deltaY * unit)
    }
    element.addEventListener('scroll', onScroll, { passive: true })
    element.addEventListener('wheel', onWheel, { passive: false })
    return () => {
      element.removeEventListener('scroll', onScroll)
      element.removeEventListener('wheel', onWheel)
    }
  }, [scrollRef, rowHeight, scrollToVirtual])

  const first = Math.max(0, Math.min(rowCount - 1, Math.floor(top / rowHeight)))
  const last = Math.max(first, Math.min(rowCount - 1, Math.ceil((top + viewport - headerHeight) / rowHeight) - 1))
  const shift = toReal(top, space) - top
  const rows: ViewportRow[] = []
  if (rowCount > 0) {
    for (let index = Math.max(0, first - overscan); index <= Math.min(rowCount - 1, last + overscan); index++) {
      rows.push({ index, top: shift + index * rowHeight })
    }
  }

  const scrollToIndex = useCallback(
    (index: number, align: Align = 'auto') =>
      scrollToVirtual(topForRow(index, align, latest.current.top, rowHeight, headerHeight, latest.current.space.viewport)),
    [scrollToVirtual, rowHeight, headerHeight],
  )
  const scrollToTop = useCallback(() => scrollToVirtual(0), [scrollToVirtual])

  return {
    rows,
    visible: { first, last },
    height: space.realHeight - headerHeight,
    rowsPerPage: Math.max(1, Math.floor((viewport - headerHeight) / rowHeight)),
    scrollToIndex,
    scrollToTop,
  }
}
