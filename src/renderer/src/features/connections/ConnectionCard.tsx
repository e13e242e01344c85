import type { ConnectionSummary } from '../../../../shared/schemas/connections'
import { messageOf } from '../../api/request-error'
import { TestOutcome } from './TestOutcome'
import { useTestConnection } from './useConnections'

interface Props {
  connection: ConnectionSummary
  isCurrent: boolean
  opening: boolean
  openError: unknown
  busy: boolean
  onOpen(): void
  onEdit(): void
  onRemove(): void
}

const kindLabels: Record<ConnectionSummary['kind'], string> = {
  embedded: 'Built in',
  startup: 'From the command line',
  saved: 'Saved',
}

function cacheLabel(cache: ConnectionSummary['cache']): string {
  if (cache.kind === 'redis') return 'Redis cache'
  if (cache.kind === 'upstash') return 'Upstash cache'
  return 'Memory cache'
}

/** One connection in the list: where it points, and Test / Open / Edit / Remove. */
export function ConnectionCard({ connection, isCurrent, opening, openError, busy, onOpen, onEdit, onRemove }: Props) {
  const test = useTestConnection()
  const isEmbedded = connection.kind === 'embedded'
  const headingId = `connection-${connection.id}`

  return (
    <li className={`connection-card ${isCurrent ? 'connection-card--current' : ''}`} aria-labelledby={headingId}>
      <div className="connection-card__main">
        <div className="connection-card__title">
          <h2 id={headingId}>{connection.name}</h2>
          {isCurrent ? <span className="badge badge--current">Open now</span> : null}
        </div>
        <p className={connection.url ? 'connection-card__address connection-card__address--code' : 'connection-card__address'}>{connection.label}</p>
        <p className="connection-card__meta">
          <span>{kindLabels[connection.kind]}</span>
          {!isEmbedded ? <span>{connection.hasPassword ? 'Password saved' : 'No password'}</span> : null}
          <span>{cacheLabel(connection.cache)}</span>
        </p>
      </div>
      <div className="connection-card__actions">
        {!isEmbedded ? (
          <button
            type="button"
            className="button"
            aria-label={`Test ${connection.name}`}
            onClick={() => test.mutate({ id: connection.id })}
            disabled={test.isPending}
          >
            {test.isPending ? 'Testing…' : 'Test'}
          </button>
        ) : null}
        {connection.kind === 'saved' ? (
          <>
            <button type="button" className="button button--quiet" aria-label={`Edit ${connection.name}`} onClick={onEdit}>
              Edit
            </button>
            <button
              type="button"
              className="button button--quiet button--danger-quiet"
              aria-label={`Remove ${connection.name}`}
              onClick={onRemove}
              disabled={isCurrent}
              title={isCurrent ? 'Open another connection before removing this one' : undefined}
            >
              Remove
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="button button--primary"
          aria-label={`Open ${connection.name}`}
          onClick={onOpen}
          disabled={busy || isCurrent}
        >
          {opening ? 'Opening…' : 'Open'}
        </button>
      </div>
      {test.isPending || test.data || test.error ? (
        <div className="connection-card__outcome">
          <TestOutcome result={test.data} error={test.error} pending={test.isPending} />
        </div>
      ) : null}
      {openError ? (
        <div className="connection-card__outcome">
          <p className="connection-outcome connection-outcome--error" role="alert">
            Could not open {connection.name}: {messageOf(openError)}
          </p>
        </div>
      ) : null}
    </li>
  )
}
