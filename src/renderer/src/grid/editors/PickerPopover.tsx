import * as Popover from '@radix-ui/react-popover'
import type { ReactNode, RefObject } from 'react'

interface PickerPopoverProps {
  /** The cell the picker opens under. */
  anchor: ReactNode
  label: string
  /** The picker's search box: focused on open. */
  search: RefObject<HTMLInputElement | null>
  /** Clicking away or tabbing out. */
  onClose(): void
  onEscapeKeyDown(event: KeyboardEvent): void
  children: ReactNode
}

/** The popover every picker editor opens in: anchored to its cell, its search focused. */
export function PickerPopover({ anchor, label, search, onClose, onEscapeKeyDown, children }: PickerPopoverProps) {
  return (
    <Popover.Root open onOpenChange={(open) => !open && onClose()}>
      <Popover.Anchor asChild>{anchor}</Popover.Anchor>
      <Popover.Portal>
        <Popover.Content
          className="picker"
          align="start"
          sideOffset={2}
          aria-label={label}
          onEscapeKeyDown={onEscapeKeyDown}
          onOpenAutoFocus={(event) => {
            // Radix would focus the search with its text selected, so the key typed on the cell
            // (the seed) would be replaced by the next key typed: the caret goes after it instead.
            const input = search.current
            if (!input) return
            event.preventDefault()
            input.focus()
            input.setSelectionRange(input.value.length, input.value.length)
          }}
        >
          {children}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
