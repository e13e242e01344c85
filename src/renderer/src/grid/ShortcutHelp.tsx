import * as Dialog from '@radix-ui/react-dialog'
import { useRef } from 'react'
import { keysLabel, shortcutGroups } from './keyBindings'

interface Props {
  open: boolean
  onOpenChange(open: boolean): void
}

/** Every shortcut of the grid screen, drawn from keyBindings.ts: the list the handlers read. */
export function ShortcutHelp({ open, onOpenChange }: Props) {
  // Opened by a key or a menu, not a trigger of its own: the focus goes back to where it was (the grid, the More button).
  const opener = useRef<HTMLElement | null>(null)
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-overlay" />
        <Dialog.Content
          className="modal modal--wide shortcut-help"
          onOpenAutoFocus={() => {
            opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
          }}
          onCloseAutoFocus={(event) => {
            if (!opener.current?.isConnected) return
            event.preventDefault()
            opener.current.focus()
          }}
        >
          <Dialog.Title className="modal-title">Keyboard shortcuts</Dialog.Title>
          <Dialog.Description className="visually-hidden">Every key the grid screen answers to, by where it works.</Dialog.Description>
          <div className="shortcut-groups">
            {shortcutGroups.map((group) => (
              <section key={group.title} className="shortcut-group" aria-label={group.title}>
                <h3 className="shortcut-group-title">{group.title}</h3>
                <dl className="shortcut-list">
                  {group.bindings.map((binding) => (
                    <div key={binding.action} className="shortcut">
                      <dt className="shortcut-keys">
                        {binding.keys.map((keys, i) => (
                          <span key={i}>
                            {i > 0 && <span className="shortcut-or"> or </span>}
                            <kbd>{keysLabel(keys)}</kbd>
                          </span>
                        ))}
                      </dt>
                      <dd className="shortcut-does">{binding.does}</dd>
                    </div>
                  ))}
                </dl>
                {group.note && <p className="shortcut-note">{group.note}</p>}
              </section>
            ))}
          </div>
          <div className="modal-actions">
            <Dialog.Close asChild>
              <button type="button" className="button">
                Close
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
