import type { UserListQuery, UserSaveBatch } from '../../../../shared/domain/users'
import { userFieldRules } from '../../../../shared/domain/users'
import { column } from '../../grid/columns'
import { timestampColumns } from '../../grid/commonColumns'
import { asInput, type GridResource } from '../../grid/types'

export const usersResource: GridResource = {
  name: 'users',
  title: 'Users',
  noun: 'user',
  list: (api, request) => api['users.list'](asInput<UserListQuery>(request)),
  count: (api, request) => api['users.count'](asInput<UserListQuery>(request)),
  save: (api, batch) => api['users.save'](asInput<UserSaveBatch>(batch)),
  fieldRules: userFieldRules,
  newRow: () => ({ name: '', email: '', agencyId: null, isActive: true, roleIds: [] }),
  softDelete: true,
  describe: (row) => String(row.name || row.email || ''),
}

export const userColumns = [
  column.accessor('name', {
    id: 'name',
    header: 'Name',
    size: 200,
    meta: { field: 'name', editor: 'text', required: true, sortKey: 'name', filter: { key: 'name', kind: 'text' } },
  }),
  column.accessor('email', {
    id: 'email',
    header: 'Email',
    size: 250,
    meta: { field: 'email', editor: 'email', required: true, sortKey: 'email', filter: { key: 'email', kind: 'text' } },
  }),
  column.accessor('agencyId', {
    id: 'agencyId',
    header: 'Agency',
    size: 190,
    meta: { field: 'agencyId', editor: 'agency', sortKey: 'agencyName', filter: { key: 'agencyName', kind: 'text' } },
  }),
  column.accessor('roleIds', {
    id: 'roleIds',
    header: 'Roles',
    size: 220,
    meta: { field: 'roleIds', editor: 'roles', filter: { key: 'roleId', kind: 'role' } },
  }),
  column.accessor('isActive', {
    id: 'isActive',
    header: 'Active',
    size: 96,
    meta: { field: 'isActive', editor: 'boolean', sortKey: 'isActive', filter: { key: 'isActive', kind: 'boolean' } },
  }),
  ...timestampColumns(),
]
