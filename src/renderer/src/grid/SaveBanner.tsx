import type { SaveRefusal } from './useSaveChanges'

interface Props {
  refusal: SaveRefusal
  onOverwrite(): void
  onReload(): void
  onDismiss(): void
}

/** Why a save was refused; every staged edit is still there to fix or retry. */
export function SaveBanner({ refusal, onOverwrite, onReload, onDismiss }: Props) {
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
