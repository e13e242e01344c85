import * as Dialog from '@radix-ui/react-dialog'
import type { DeleteWarning } from './guards'

interface Props {
  /** What the delete takes with it; null: closed. */
  warning: DeleteWarning | null
  onCancel(): void
  onConfirm(): void
}

/** Asks before a delete that takes more with it than its rows (the users' assignments of a role). */
export function DeleteConfirmDialog({ warning, onCancel, onConfirm }: Props) {
  return (
    <Dialog.Root open={warning !== null} onOpenChange={(open) => !open && onCancel()}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-overlay" />
        <Dialog.Content className="modal" role="alertdialog">
          <Dialog.Title className="modal-title">{warning?.title}</Dialog.Title>
          <Dialog.Description className="modal-text">
            {warning?.summary} Nothing is deleted until you save.
          </Dialog.Description>
          {warning && warning.lines.length > 0 && (
            <ul className="modal-list">
              {warning.lines.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          )}
          <div className="modal-actions">
            <Dialog.Close asChild>
              <button type="button" className="button">
                Cancel
              </button>
            </Dialog.Close>
            <button type="button" className="button button--danger" onClick={onConfirm}>
              {warning?.confirm}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
