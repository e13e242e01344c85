import type { DatabaseStatus } from '../../../../shared/schemas/database'
import { messageOf } from '../../api/request-error'
import { useApplyMigrations } from './useConnections'

interface Props {
  status: DatabaseStatus
  /** Called once the schema is up to date. */
  onReady(): void
}

/**
 * Shown while the open database lacks Roster's tables or is behind: the migrations that would
 * run, and one explicit button that runs them. A conflicting database is explained, never altered.
 */
export function MigrationsPanel({ status, onReady }: Props) {
  const migrate = useApplyMigrations()
  const { schema } = status

  if (schema.state === 'conflict') {
    return (
      <section className="migrations migrations--conflict" aria-label="Schema status">
        <h2>Roster cannot use this database</h2>
        <p role="alert">{schema.message}</p>
      </section>
    )
  }
  if (schema.state === 'ready') return null

  const count = schema.pending.length
  const apply = () => migrate.mutate(undefined, { onSuccess: (next) => next.schema.state === 'ready' && onReady() })
  return (
    <section className="migrations" aria-label="Schema status">
      <div className="migrations__text">
        <h2>{schema.state === 'empty' ? 'This database has no Roster tables yet' : 'This database needs an update'}</h2>
        <p>
          {status.label} · {schema.message} Nothing is changed until you apply them.
        </p>
      </div>
      <ol className="migrations__list" aria-label="Pending migrations">
        {schema.pending.map((tag) => (
          <li key={tag}>
            <code>{tag}</code>
          </li>
        ))}
      </ol>
      {migrate.error ? (
        <p className="connection-outcome connection-outcome--error" role="alert">
          {messageOf(migrate.error)}
        </p>
      ) : null}
      <div className="migrations__actions">
        <button type="button" className="button button--primary" onClick={apply} disabled={migrate.isPending}>
          {migrate.isPending ? 'Applying…' : `Apply ${count} migration${count === 1 ? '' : 's'}`}
        </button>
      </div>
    </section>
  )
}
