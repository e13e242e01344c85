import { CSV_LIST_SEPARATOR } from '../../../../shared/csv-columns'
import type { CellProps } from '../../grid/resource'
import type { UserTypes } from './types'

/** The agency's name, or a dash for none. */
export function AgencyCell({ text, ref }: CellProps<UserTypes>) {
  return <span ref={ref} className={`cell-content${text === '' ? ' cell-empty' : ''}`}>{text === '' ? '—' : text}</span>
}

/** How the roles column's text joins role names. */
export const ROLE_SEPARATOR = `${CSV_LIST_SEPARATOR} `

/** The role names as chips. */
export function RolesCell({ text, ref }: CellProps<UserTypes>) {
  return (
    <span ref={ref} className="cell-content cell-chips">
      {text === '' ? (
        <span className="cell-empty">—</span>
      ) : (
        text.split(ROLE_SEPARATOR).map((name, i) => (
          <span key={i} className="chip">
            {name}
          </span>
        ))
      )}
    </span>
  )
}
