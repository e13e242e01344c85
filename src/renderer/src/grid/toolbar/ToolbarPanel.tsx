import * as Popover from '@radix-ui/react-popover'
import { useId, useMemo, type ReactNode } from 'react'

export interface ToolbarPanelProps {
  open: boolean
  onOpenChange(open: boolean): void
  /** The toolbar's More button: the panel opens under it, and gives it the focus back when it closes. */
  anchor: HTMLElement | null
}

interface Props extends ToolbarPanelProps {
  /** Names the panel (its heading, and the dialog's name). */
  title: string
  /** The panel's own class, beside the shared `menu-panel`. */
  className?: string
  children: ReactNode
}

/** A panel opened from the toolbar's More menu (saved views, columns, export): a non-modal dialog under the button. */
export function ToolbarPanel({ open, onOpenChange, anchor, title, className, children }: Props) {
  const titleId = useId()
  const anchorRef = useMemo(() => ({ current: anchor }), [anchor])
  return (
    <Popover.Root open={open} onOpenChange={onOpenChange}>
      <Popover.Anchor virtualRef={anchorRef} />
      <Popover.Portal>
        <Popover.Content
          className={`picker menu-panel${className ? ` ${className}` : ''}`}
          align="end"
          sideOffset={4}
          collisionPadding={8}
          role="dialog"
          aria-labelledby={titleId}
          onCloseAutoFocus={(event) => {
            event.preventDefault()
            anchor?.focus()
          }}
        >
          <h2 id={titleId} className="menu-title">
            {title}
          </h2>
          {children}
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
