import type { CellProps } from '../../grid/resource'
import type { UserTypes } from './types'

/** The agency's name, or a dash for none. */
export function AgencyCell({ text, ref }: CellProps<UserTypes>) {
  return <span ref={ref} className={`cell-content${text === '' ? ' cell-empty' : ''}`}>{text === '' ? '—' : text}</span>
}

/** The role names as chips. */
export function RolesCell({ text, ref }: CellProps<UserTypes>) {
  return (
    <span ref={ref} className="cell-content cell-chips">
      {text === '' ? (
        <span className="cell-empty">—</span>
      ) : (
        text.split(', ').map((name, i) => (
          <span key={i} className="chip">
            {name}
          </span>
        ))
      )}
    </span>
  )
}
