import { roleFieldRules, type RoleListQuery, type RoleSaveBatch } from '../../../../shared/domain/roles'
import { column } from '../../grid/columns'
import { timestampColumns } from '../../grid/commonColumns'
import { asInput, type GridResource } from '../../grid/types'

export const rolesResource: GridResource = {
  name: 'roles',
  title: 'Roles',
  noun: 'role',
  list: (api, request) => api['roles.list'](asInput<RoleListQuery>(request)),
  count: (api, request) => api['roles.count'](asInput<RoleListQuery>(request)),
  save: (api, batch) => api['roles.save'](asInput<RoleSaveBatch>(batch)),
  fieldRules: roleFieldRules,
  newRow: () => ({ name: '', description: null }),
  // Roles have no deleted state: a delete removes the role and its assignments.
  softDelete: false,
  describe: (row) => String(row.name ?? ''),
}

export const roleColumns = [
  column.accessor('name', {
    id: 'name',
    header: 'Name',
    size: 200,
    meta: { field: 'name', editor: 'text', required: true, sortKey: 'name', filter: { key: 'name', kind: 'text' } },
  }),
  column.accessor('description', {
    id: 'description',
    header: 'Description',
    size: 360,
    meta: { field: 'description', editor: 'text', sortKey: 'description', filter: { key: 'description', kind: 'text' } },
  }),
  column.accessor('userCount', {
    id: 'userCount',
    header: 'Users',
    size: 100,
    meta: { editor: 'readonly', sortKey: 'userCount', align: 'end', format: (v) => Number(v ?? 0).toLocaleString() },
  }),
  ...timestampColumns(),
]
