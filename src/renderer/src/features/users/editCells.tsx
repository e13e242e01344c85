import { EditSession } from '../../grid/editors/EditSession'
import type { EditCellProps } from '../../grid/resource'
import { AgencyEditor } from './AgencyEditor'
import { RolesEditor } from './RolesEditor'
import type { UserTypes } from './types'

/** Picks the user's agency; the chosen agency's name is shown until the save. */
export function AgencyEditCell(props: EditCellProps<UserTypes>) {
  return (
    <EditSession
      {...props}
      initial={{ id: props.row.agencyId, name: props.row.agencyName }}
      Editor={AgencyEditor}
      toField={(choice) => ({ value: choice.id, display: { agencyName: choice.name } })}
    />
  )
}

/** Picks any number of the user's roles. */
export function RolesEditCell(props: EditCellProps<UserTypes>) {
  return <EditSession {...props} initial={props.row.roleIds} Editor={RolesEditor} />
}
