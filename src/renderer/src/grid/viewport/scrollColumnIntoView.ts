/**
 * Scrolls the grid sideways just enough to show the column spanning [left, left + width): the
 * rows are windowed vertically only, so the horizontal position is the element's own scrollLeft.
 */
export function scrollColumnIntoView(scroller: HTMLElement, left: number, width: number): void {
  const { scrollLeft, clientWidth } = scroller
  if (left < scrollLeft) scroller.scrollLeft = left
  else if (left + width > scrollLeft + clientWidth) scroller.scrollLeft = Math.min(left, left + width - clientWidth)
}
