/**
 * Scrolls the grid sideways just enough to show the column spanning [left, left + width): the
 * rows are windowed vertically only, so the horizontal position is the element's own scrollLeft.
 * `covered` is the width frozen columns cover at the view's left: a column must come out from under them.
 */
export function scrollColumnIntoView(scroller: HTMLElement, left: number, width: number, covered = 0): void {
  const { scrollLeft, clientWidth } = scroller
  if (left - covered < scrollLeft) scroller.scrollLeft = left - covered
  else if (left + width > scrollLeft + clientWidth) scroller.scrollLeft = Math.min(left - covered, left + width - clientWidth)
}
