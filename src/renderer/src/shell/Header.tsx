import { useIsFetching, useQueryClient } from '@tanstack/react-query'
import { messageOf } from '../api/request-error'
import { refetchFresh } from '../api/fresh'
import { isForeground, useDatabaseStatus } from '../api/queries'
import type { SchemaState } from '../../../shared/schemas/database'

const schemaBadge: Record<SchemaState, { text: string; tone: string }> = {
  ready: { text: 'Schema up to date', tone: 'ok' },
  pending: { text: 'Migrations pending', tone: 'warn' },
  empty: { text: 'No Roster tables', tone: 'warn' },
  conflict: { text: 'Schema conflict', tone: 'danger' },
}

/** Which database is open, its schema state, and a reload of everything shown. */
export function Header() {
  const status = useDatabaseStatus()
  const queryClient = useQueryClient()
  const fetching = useIsFetching({ predicate: isForeground }) > 0
  const badge = status.data ? schemaBadge[status.data.schema.state] : null
  return (
    <header className="app-header">
      <div className="database" aria-label="Open database">
        <span className={`database-dot${status.isError ? ' database-dot--error' : ''}`} aria-hidden="true" />
        <div className="database-text">
          <span className="database-label">
            {status.data ? status.data.label : status.isError ? 'Not connected' : 'Connecting…'}
          </span>
          <span className="database-meta">
            {status.data
              ? `${status.data.kind === 'embedded' ? 'PGlite · PostgreSQL' : 'PostgreSQL'} ${status.data.serverVersion}`
              : status.isError
                ? messageOf(status.error)
                : ' '}
          </span>
        </div>
        {badge && <span className={`badge badge--${badge.tone}`}>{badge.text}</span>}
      </div>
      <button
        type="button"
        className="button"
        aria-label="Reload data"
        title="Reload everything shown from the database, not the cache (staged changes are kept)"
        disabled={fetching}
        onClick={() => void refetchFresh(queryClient)}
      >
        <span className={`reload-icon${fetching ? ' reload-icon--spinning' : ''}`} aria-hidden="true">
          ⟳
        </span>
        Reload
      </button>
    </header>
  )
}
