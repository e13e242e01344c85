import * as Dialog from '@radix-ui/react-dialog'
import type { ConnectionSummary } from '../../../../shared/schemas/connections'
import { messageOf } from '../../api/request-error'
import { useRemoveConnection } from './useConnections'

/** Asks before forgetting a saved connection (the database itself is not touched). */
export function RemoveDialog({ connection, onClose }: { connection: ConnectionSummary | null; onClose(): void }) {
  const remove = useRemoveConnection()
  return (
    <Dialog.Root open={connection !== null} onOpenChange={(open) => (open ? undefined : onClose())}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog dialog--small">
          <div className="dialog__header">
            <Dialog.Title>Remove {connection?.name}?</Dialog.Title>
          </div>
          <div className="dialog__body">
            <Dialog.Description>
              Roster forgets this connection and its saved password. The database {connection?.label} itself is not changed.
            </Dialog.Description>
            {remove.error ? (
              <p className="connection-outcome connection-outcome--error" role="alert">
                {messageOf(remove.error)}
              </p>
            ) : null}
          </div>
          <div className="dialog__footer">
            <span className="dialog__spacer" />
            <Dialog.Close asChild>
              <button type="button" className="button button--quiet">
                Keep it
              </button>
            </Dialog.Close>
            <button
              type="button"
              className="button button--danger"
              disabled={remove.isPending}
              onClick={() => connection && remove.mutate(connection.id, { onSuccess: onClose })}
            >
              Remove
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
