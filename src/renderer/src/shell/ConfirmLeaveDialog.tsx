import * as Dialog from '@radix-ui/react-dialog'

interface Props {
  pending: { count: number } | null
  onStay(): void
  onLeave(): void
}

/** Asked before leaving a screen whose staged changes would be lost. */
export function ConfirmLeaveDialog({ pending, onStay, onLeave }: Props) {
  const count = pending?.count ?? 0
  return (
    <Dialog.Root open={pending !== null} onOpenChange={(open) => !open && onStay()}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-overlay" />
        <Dialog.Content className="modal" role="alertdialog">
          <Dialog.Title className="modal-title">Discard unsaved changes?</Dialog.Title>
          <Dialog.Description className="modal-text">
            You have {count} unsaved {count === 1 ? 'change' : 'changes'}. Leaving this screen discards {count === 1 ? 'it' : 'them'}.
          </Dialog.Description>
          <div className="modal-actions">
            <Dialog.Close asChild>
              <button type="button" className="button">
                Keep editing
              </button>
            </Dialog.Close>
            <button type="button" className="button button--danger" onClick={onLeave}>
              Discard and leave
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
