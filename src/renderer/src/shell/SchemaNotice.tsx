import { useDatabaseStatus } from '../api/queries'
import { useNavigation } from './navigation'

/** On a grid screen, says why there is nothing to edit when the database lacks Roster's schema. */
export function SchemaNotice() {
  const status = useDatabaseStatus()
  const { navigate } = useNavigation()
  const schema = status.data?.schema
  if (!schema || schema.state === 'ready') return null
  return (
    <div className="banner banner-warning" role="status">
      <div className="banner-text">{schema.message}</div>
      <div className="banner-actions">
        <button type="button" className="button" onClick={() => navigate('connection')}>
          Open the Connection screen
        </button>
      </div>
    </div>
  )
}
