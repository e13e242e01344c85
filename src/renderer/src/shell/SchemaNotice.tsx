import { useReadOnlyReason } from '../api/queries'
import { useNavigation } from './navigation'

/**
 * On a grid screen, says why nothing can be edited when the database is not Roster's, up to date:
 * the same reason the main process gives when it refuses a save.
 */
export function SchemaNotice() {
  const reason = useReadOnlyReason()
  const { navigate } = useNavigation()
  if (reason === null) return null
  return (
    <div className="banner banner-warning" role="status">
      <div className="banner-text">{reason}</div>
      <div className="banner-actions">
        <button type="button" className="button" onClick={() => navigate('connection')}>
          Open the Connection screen
        </button>
      </div>
    </div>
  )
}
