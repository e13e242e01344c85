import { messageOf } from '../api/request-error'

interface Props {
  /** Only its names are shown. */
  resource: { title: string; noun: string }
  /** Rows shown, staged new rows included; undefined before the first answer. */
  rowCount: number | undefined
  error: Error | null
  filtered: boolean
  onRetry(): void
  /** Absent when rows cannot be added (a read-only database). */
  onAdd?: () => void
}

/** Loading, empty and error states over the grid: never a blank screen or a raw stack. */
export function GridOverlay({ resource, rowCount, error, filtered, onRetry, onAdd }: Props) {
  const plural = resource.title.toLowerCase()
  if (error && rowCount === undefined) {
    return (
      <div className="grid-state" role="alert">
        <p className="grid-state-title">Can’t load {plural}</p>
        <p>{messageOf(error)}</p>
        <button type="button" className="button" onClick={onRetry}>
          Retry
        </button>
      </div>
    )
  }
  if (rowCount === undefined) {
    return (
      <div className="grid-state" role="status">
        <span className="spinner" /> Loading {plural}…
      </div>
    )
  }
  if (rowCount > 0) return null
  return (
    <div className="grid-state">
      <p className="grid-state-title">
        No {plural}
        {filtered ? ' match' : ' yet'}
      </p>
      {onAdd && (
        <button type="button" className="button" onClick={onAdd}>
          + Add {resource.noun}
        </button>
      )}
    </div>
  )
}
