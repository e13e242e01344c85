import { useLiveState } from '../api/LiveEvents'

/**
 * The status bar's live-updates segment: "Live" while every save on the database shows here at
 * once; a warning saying why while it does not (the listener is reconnecting, the server is gone,
 * a pooler in transaction mode cannot carry them).
 */
export function LiveStatus() {
  const live = useLiveState()
  if (live.state === 'idle') return null
  if (live.state === 'live') {
    return (
      <span className="status-item status-item--live" title="Saves made in other windows and other Rosters on this database show here at once.">
        <span className="live-dot" aria-hidden="true" /> Live
      </span>
    )
  }
  return (
    <span className="status-item status-item--warning" role="status" title={live.message ?? undefined}>
      ⚠ Live updates off: {live.message ?? 'reconnecting…'}
    </span>
  )
}
