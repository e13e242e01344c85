import type { ReactNode } from 'react'

/**
 * A button's label for the selected rows ("Delete 40 selected"). In a narrow toolbar the word
 * "selected" gives way, so the search keeps room for its placeholder; the button's name and tooltip keep it.
 */
export function selectionLabel(verb: string, count: number, after = ''): { 'aria-label': string; title: string; children: ReactNode } {
  const counted = count > 0 ? `${verb} ${count}` : verb
  return {
    'aria-label': `${counted} selected`,
    title: `${counted} selected`,
    children: (
      // One element, so the button's flex gap does not fall between the words.
      <span>
        {counted}
        <span className="toolbar-wide-only"> selected</span>
        {after}
      </span>
    ),
  }
}
