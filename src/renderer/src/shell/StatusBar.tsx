import { useIsFetching, useIsMutating } from '@tanstack/react-query'
import { messageOf } from '../api/errors'
import { useDatabaseStatus } from '../api/queries'

/** Background work and warnings, always visible at the bottom of the window. */
export function StatusBar() {
  const fetching = useIsFetching()
  const saving = useIsMutating()
  const status = useDatabaseStatus()
  const warning = status.isError ? messageOf(status.error) : status.data?.schema.state !== 'ready' ? status.data?.schema.message : null
  return (
    <footer className="status-bar" aria-label="Status">
      <span className="status-item" role="status" aria-live="polite">
        {saving > 0 ? (
          <>
            <span className="spinner spinner--small" aria-hidden="true" /> Saving…
          </>
        ) : fetching > 0 ? (
          <>
            <span className="spinner spinner--small" aria-hidden="true" /> Loading…
          </>
        ) : (
          'Ready'
        )}
      </span>
      {warning && <span className="status-item status-item--warning">⚠ {warning}</span>}
      <span className="status-spacer" />
      {status.data && (
        <span className="status-item">
          {status.data.kind === 'embedded' ? 'Embedded' : 'PostgreSQL'} {status.data.serverVersion}
        </span>
      )}
    </footer>
  )
}
