import type { RowRef } from './staging/model'
import type { SaveRefusal } from './useSaveChanges'

/** Rows whose delete was refused for what still holds them, and where to see that (an agency's users). */
export interface BlockedDeletes {
  action: string
  rows: readonly RowRef[]
  onShow(row: RowRef): void
}

interface Props {
  refusal: SaveRefusal
  blocked?: BlockedDeletes
  onOverwrite(): void
  onReload(): void
  onDismiss(): void
}

/** Links for a few refused rows at most; the rest are marked in the grid. */
const MAX_LINKS = 3

/** Why a save was refused; every staged edit is still there to fix or retry. */
export function SaveBanner({ refusal, blocked, onOverwrite, onReload, onDismiss }: Props) {
  const { error } = refusal
  const conflict = error.code === 'conflict'
  // Messages the banner has not already said, and that no cell shows.
  const rowless = (error.fieldErrors ?? []).filter((e) => !e.rowId && e.message !== error.message)
  return (
    <div role="alert" className={`banner ${conflict ? 'banner-warning' : 'banner-error'}`}>
      <div className="banner-text">
        <strong>{conflict ? 'Changed by someone else.' : 'Not saved.'}</strong> {error.message}
        {rowless.length > 0 && (
          <ul>
            {rowless.map((e, i) => (
              <li key={i}>{e.message}</li>
            ))}
          </ul>
        )}
      </div>
      <div className="banner-actions">
        {blocked?.rows.slice(0, MAX_LINKS).map((row) => (
          <button key={row.id} type="button" className="button" onClick={() => blocked.onShow(row)}>
            {blocked.rows.length === 1 ? blocked.action : `${blocked.action}: ${row.title}`}
          </button>
        ))}
        {conflict && (
          <>
            <button type="button" className="button" onClick={onReload}>
              Reload
            </button>
            <button type="button" className="button button--danger" onClick={onOverwrite}>
              Overwrite
            </button>
          </>
        )}
        <button type="button" className="button button--quiet" aria-label="Dismiss" onClick={onDismiss}>
          ✕
        </button>
      </div>
    </div>
  )
}
