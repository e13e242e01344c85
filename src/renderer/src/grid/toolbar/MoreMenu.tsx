import * as Menu from '@radix-ui/react-dropdown-menu'
import { Fragment, useRef } from 'react'

export interface MoreAction {
  label: string
  /** Its keyboard shortcut, or another way to it, shown at the item's right (and as its tooltip). */
  hint?: string
  /** The shortcut for assistive technology (aria-keyshortcuts). */
  keys?: string
  disabled?: boolean
  onSelect(): void
}

export interface MoreToggle {
  label: string
  checked: boolean
  onChange(checked: boolean): void
}

export type MoreItem = MoreAction | MoreToggle

interface Props {
  /** Is given the menu's button, which the panels its items open are anchored to. */
  triggerRef(button: HTMLButtonElement | null): void
  /** Items in groups, a line between groups. Each action opens something (a panel, a dialog) that takes the focus. */
  groups: readonly (readonly MoreItem[])[]
}

/** The toolbar's More menu: the actions one row of toolbar has no room for (arrow keys, Enter, Escape as in any menu). */
export function MoreMenu({ triggerRef, groups }: Props) {
  const button = useRef<HTMLButtonElement | null>(null)
  // The chosen action runs once the menu has closed and its button has the focus back: the panel or
  // dialog it opens then gives the focus back to the button when it closes.
  const chosen = useRef<(() => void) | null>(null)
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger asChild>
        <button
          ref={(element) => {
            button.current = element
            triggerRef(element)
          }}
          type="button"
          className="button button--icon"
          aria-label="More actions"
          title="More actions: views, columns, export, import, the row form, shortcuts"
        >
          <svg width="16" height="16" viewBox="0 0 24 24" fill="currentColor" aria-hidden="true">
            <circle cx="5" cy="12" r="2" />
            <circle cx="12" cy="12" r="2" />
            <circle cx="19" cy="12" r="2" />
          </svg>
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          className="picker menu"
          align="end"
          sideOffset={4}
          collisionPadding={8}
          onCloseAutoFocus={(event) => {
            const action = chosen.current
            chosen.current = null
            if (!action) return
            event.preventDefault()
            button.current?.focus()
            action()
          }}
        >
          {groups.map((items, index) => (
            <Fragment key={index}>
              {index > 0 && <Menu.Separator className="menu-separator" />}
              {items.map((item) =>
                'checked' in item ? (
                  <Menu.CheckboxItem key={item.label} className="menu-item" checked={item.checked} onCheckedChange={item.onChange}>
                    <span className="menu-check" aria-hidden="true">
                      {item.checked ? '✓' : ''}
                    </span>
                    {item.label}
                  </Menu.CheckboxItem>
                ) : (
                  <Menu.Item key={item.label} className="menu-item" disabled={item.disabled} onSelect={() => {
                      chosen.current = item.onSelect
                    }} title={item.hint && `${item.label} (${item.hint})`} aria-keyshortcuts={item.keys}>
                    <span className="menu-check" aria-hidden="true" />
                    {item.label}
                    {item.hint && (
                      <span className="menu-hint" aria-hidden="true">
                        {item.hint}
                      </span>
                    )}
                  </Menu.Item>
                ),
              )}
            </Fragment>
          ))}
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  )
}
