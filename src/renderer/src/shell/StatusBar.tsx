import { useIsFetching, useIsMutating } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { messageOf } from '../api/request-error'
import { isForeground, useDatabaseStatus } from '../api/queries'
import { CacheStatus } from './CacheStatus'
import { LiveStatus } from './LiveStatus'
import { poolerPhrase } from '../../../shared/schemas/database'

const working = (text: string): ReactNode => (
  <>
    <span className="spinner spinner--small" aria-hidden="true" /> {text}
  </>
)

/** Background work and warnings, always visible at the bottom of the window. */
export function StatusBar() {
  const fetching = useIsFetching({ predicate: isForeground })
  const counting = useIsFetching({ predicate: (query) => query.meta?.background === 'count' })
  const saving = useIsMutating()
  const status = useDatabaseStatus()
  const warning = status.isError ? messageOf(status.error) : status.data?.schema.state !== 'ready' ? status.data?.schema.message : null
  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-item" role="status" aria-live="polite">
        {saving > 0 ? working('Saving…') : fetching > 0 ? working('Loading…') : counting > 0 ? working('Counting rows…') : 'Ready'}
      </span>
      {warning && <span className="status-item status-item--warning">⚠ {warning}</span>}
      <span className="status-spacer" />
      <LiveStatus />
      <CacheStatus />
      {status.data && (
        <span className="status-item">
          {status.data.kind === 'embedded' ? 'PGlite · PostgreSQL' : 'PostgreSQL'} {status.data.serverVersion}
          {status.data.pooler && ` ${poolerPhrase(status.data.pooler)}`}
        </span>
      )}
    </footer>
  )
}
