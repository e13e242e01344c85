import { useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

interface Props {
  /** The element the message belongs to (a cell, an editor); it is drawn just below it, or above when there is no room. */
  anchor: HTMLElement | null
  /** An error (the default), or information such as a cell's full text. */
  tone?: 'error' | 'info'
  children: ReactNode
}

const MARGIN = 8
const GAP = 2

/** The nearest parent that scrolls: an anchor scrolled out of its sight hides its message. */
function scrollParentOf(element: HTMLElement): HTMLElement | null {
  for (let parent = element.parentElement; parent; parent = parent.parentElement) {
    if (/(auto|scroll)/.test(getComputedStyle(parent).overflow)) return parent
  }
  return null
}

/**
 * A message drawn over the page, kept inside the window. Drawn inside the grid, a cell's popup was
 * clipped by the scrolling grid at its edges; here it is drawn in the page's top layer of content
 * and moved in from the window's edges. It only shows: the message's text stays at its anchor
 * (for assistive technology), so this copy is hidden from it.
 */
export function FloatingMessage({ anchor, tone = 'error', children }: Props) {
  const box = useRef<HTMLDivElement>(null)
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null)

  useLayoutEffect(() => {
    if (!anchor) return
    const scroller = scrollParentOf(anchor)
    const measure = () => {
      const element = box.current
      if (!element) return
      const at = anchor.getBoundingClientRect()
      const sight = scroller?.getBoundingClientRect()
      if (sight && (at.bottom <= sight.top || at.top >= sight.bottom || at.right <= sight.left || at.left >= sight.right)) {
        setPlace(null)
        return
      }
      const { offsetWidth: width, offsetHeight: height } = element
      const below = at.bottom + GAP
      const top = below + height + MARGIN <= window.innerHeight ? below : Math.max(MARGIN, at.top - GAP - height)
      // Starts where the anchor's visible part starts, moved in from the window's right edge.
      const left = Math.max(MARGIN, Math.min(Math.max(at.left, sight?.left ?? at.left), window.innerWidth - width - MARGIN))
      setPlace((current) => (current?.top === top && current.left === left ? current : { top, left }))
    }
    measure()
    window.addEventListener('scroll', measure, true)
    window.addEventListener('resize', measure)
    return () => {
      window.removeEventListener('scroll', measure, true)
      window.removeEventListener('resize', measure)
    }
    // Its text decides its size, hence where it fits.
  }, [anchor, children])

  return createPortal(
    <div
      ref={box}
      aria-hidden="true"
      className={`floating-message floating-message--${tone}`}
      style={place ? { top: place.top, left: place.left } : { top: 0, left: 0, visibility: 'hidden' }}
    >
      {children}
    </div>,
    document.body,
  )
}
