/**
 * A popover editor's open-focus handler: focuses its search with the caret after the text. Radix
 * would focus it with the text selected, so the key typed on the cell (the seed) was replaced by
 * the next key typed.
 */
export function focusSearchAtEnd(event: Event, input: HTMLInputElement | null) {
  if (!input) return
  event.preventDefault()
  input.focus()
  input.setSelectionRange(input.value.length, input.value.length)
}
