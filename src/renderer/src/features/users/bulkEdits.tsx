import { useState } from 'react'
import type { BulkEdit, BulkEditProps } from '../../grid/resource'
import { AgencyEditor } from './AgencyEditor'
import { RolesEditor } from './RolesEditor'
import { withoutRoles, withRoles } from './roleChanges'
import type { RoleNames, UserTypes } from './types'

type Props = BulkEditProps<UserTypes, RoleNames>

/** The agency picker, under the menu's button: the chosen agency (or none) for every selected user. */
function SetAgencyForm({ label, anchor, apply, close }: Props) {
  const [choice, setChoice] = useState<{ id: string | null; name: string | null }>({ id: null, name: null })
  return (
    <AgencyEditor
      value={choice}
      onChange={setChoice}
      onCommit={(chosen = choice) => apply(() => [{ field: 'agencyId', value: chosen.id, display: { agencyName: chosen.name } }])}
      onCancel={close}
      label={label}
      anchor={anchor}
    />
  )
}

/** The roles picker: the roles ticked are added to (or removed from) every selected user's roles. */
function RolesForm({ label, anchor, apply, close, change }: Props & { change(roleIds: readonly string[], picked: readonly string[]): string[] }) {
  const [picked, setPicked] = useState<string[]>([])
  return (
    <RolesEditor
      value={picked}
      onChange={setPicked}
      onCommit={(roles = picked) => (roles.length > 0 ? apply((row) => [{ field: 'roleIds', value: change(row.roleIds, roles) }]) : close())}
      onCancel={close}
      label={label}
      anchor={anchor}
    />
  )
}

const AddRolesForm = (props: Props) => <RolesForm {...props} change={withRoles} />
const RemoveRolesForm = (props: Props) => <RolesForm {...props} change={withoutRoles} />

/** What the users grid's "Edit N selected" menu offers. */
export const userBulkEdits: readonly BulkEdit<UserTypes, RoleNames>[] = [
  { label: 'Set agency', Form: SetAgencyForm },
  { label: 'Set active', change: () => [{ field: 'isActive', value: true }] },
  { label: 'Set inactive', change: () => [{ field: 'isActive', value: false }] },
  { label: 'Add roles', Form: AddRolesForm },
  { label: 'Remove roles', Form: RemoveRolesForm },
]
