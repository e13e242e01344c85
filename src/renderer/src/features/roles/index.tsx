import { roleFieldRules } from '../../../../shared/schemas/roles'
import type { ContractResource } from '../../api/resourceTypes'
import { columnKit } from '../../grid/columnKit'
import type { GridResource } from '../../grid/resource'
import { gridFeature, navIcon } from '../feature'
import { roleDeleteWarning } from './deleteWarning'

type RoleTypes = ContractResource<'roles'>
const kit = columnKit<RoleTypes>()

export const rolesResource: GridResource<RoleTypes> = {
  name: 'roles',
  title: 'Roles',
  noun: 'role',
  columns: [
    kit.column({ id: 'name', header: 'Name', size: 200, required: true, edit: kit.editText('name'), sortKey: 'name', filter: kit.textFilter('name') }),
    kit.column({
      id: 'description',
      header: 'Description',
      size: 360,
      edit: kit.editText('description'),
      sortKey: 'description',
      filter: kit.textFilter('description'),
    }),
    kit.count('userCount', 'Users', { sortKey: 'userCount' }),
    kit.date('createdAt', 'Created', { sortKey: 'createdAt', filter: kit.dateFilter('createdAt') }),
    kit.date('updatedAt', 'Updated', { sortKey: 'updatedAt', filter: kit.dateFilter('updatedAt') }),
  ],
  list: (api, request) => api['roles.list'](request),
  count: (api, request) => api['roles.count'](request),
  save: (api, batch) => api['roles.save'](batch),
  fieldRules: roleFieldRules,
  newRow: () => ({ name: '', description: null }),
  blankRow: { id: '', name: '', description: null, userCount: 0, createdAt: '', updatedAt: '' },
  // No deletedRows: roles have no deleted state, a delete removes the role and its assignments.
  describe: (row) => row.name,
  // Those assignments are said, counted, before the delete is staged.
  deleteWarning: roleDeleteWarning,
  useLookup: () => undefined,
}

export const feature = gridFeature(rolesResource, {
  order: 3,
  icon: navIcon(
    <>
      <path d="M12 3l7 3v5c0 4.5-3 8.3-7 10-4-1.7-7-5.5-7-10V6z" />
      <path d="M9 12l2 2 4-4" />
    </>,
  ),
})
