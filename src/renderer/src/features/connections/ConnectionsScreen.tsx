import { useState } from 'react'
import type { ConnectionSummary } from '../../../../shared/schemas/connections'
import { messageOf } from '../../api/request-error'
import { useDatabaseStatus } from '../../api/queries'
import { useNavigation } from '../../shell/navigation'
import { ConnectionCard } from './ConnectionCard'
import { ConnectionDialog } from './ConnectionDialog'
import { emptyForm, formFromSummary, type ConnectionForm } from './form'
import { MigrationsPanel } from './MigrationsPanel'
import { RemoveDialog } from './RemoveDialog'
import { useConnectionList, useOpenConnection } from './useConnections'
import './connections.css'

/**
 * The Connection screen: the embedded database, the command-line one and saved connections;
 * add, edit, test, open. An opened database without Roster's tables shows its migrations here.
 */
export function ConnectionsScreen() {
  const list = useConnectionList()
  const status = useDatabaseStatus()
  const open = useOpenConnection()
  const { navigate, home } = useNavigation()
  const [editing, setEditing] = useState<ConnectionForm | null>(null)
  const [removing, setRemoving] = useState<ConnectionSummary | null>(null)

  const openConnection = (id: string) =>
    open.mutate(id, { onSuccess: (opened) => opened.schema.state === 'ready' && navigate(home) })

  return (
    <section className="connections" aria-labelledby="connections-title">
      <header className="connections__header">
        <div>
          <h1 id="connections-title">Connections</h1>
          <p>Choose the database Roster works on. Passwords are stored encrypted on this computer.</p>
        </div>
        <button type="button" className="button button--primary" onClick={() => setEditing(emptyForm)}>
          Add connection
        </button>
      </header>

      {status.data ? <MigrationsPanel status={status.data} onReady={() => navigate(home)} /> : null}

      {list.isPending ? (
        <p className="connections__state" role="status">
          Loading connections…
        </p>
      ) : list.error ? (
        <div className="connections__state connection-outcome connection-outcome--error" role="alert">
          {messageOf(list.error)}{' '}
          <button type="button" className="button" onClick={() => void list.refetch()}>
            Retry
          </button>
        </div>
      ) : (
        <ul className="connection-list" aria-label="Connections">
          {list.data.connections.map((connection) => (
            <ConnectionCard
              key={connection.id}
              connection={connection}
              isCurrent={connection.id === list.data.currentId}
              opening={open.isPending && open.variables === connection.id}
              openError={open.variables === connection.id ? open.error : null}
              busy={open.isPending}
              onOpen={() => openConnection(connection.id)}
              onEdit={() => setEditing(formFromSummary(connection))}
              onRemove={() => setRemoving(connection)}
            />
          ))}
        </ul>
      )}

      <ConnectionDialog initial={editing} secureStorage={list.data?.secureStorage ?? true} onClose={() => setEditing(null)} />
      <RemoveDialog connection={removing} onClose={() => setRemoving(null)} />
    </section>
  )
}
