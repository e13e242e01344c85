import { userFieldRules } from '../../../../shared/schemas/users'
import { columnKit } from '../../grid/columnKit'
import { referenceOperators, setOperators, textOperators } from '../../grid/filters/operators'
import type { GridResource } from '../../grid/resource'
import { AgencyCell, ROLE_SEPARATOR, RolesCell } from './cells'
import { userBulkEdits } from './bulkEdits'
import { AgencyEditCell, RolesEditCell } from './editCells'
import { readAgencyNames, readRoleLists } from './pasteReaders'
import { agencyChoices, roleChoices } from './choices'
import type { RoleNames, UserTypes } from './types'
import { useAllRoles } from './useAllRoles'

const kit = columnKit<UserTypes, RoleNames>()
const noNames: RoleNames = new Map()

export const usersResource: GridResource<UserTypes, RoleNames> = {
  name: 'users',
  title: 'Users',
  noun: 'user',
  columns: [
    kit.column({ id: 'name', header: 'Name', size: 200, required: true, edit: kit.editText('name'), sortKey: 'name', filter: kit.textFilter('name') }),
    kit.column({
      id: 'email',
      header: 'Email',
      size: 250,
      required: true,
      className: 'cell-email',
      edit: kit.editEmail('email'),
      sortKey: 'email',
      filter: kit.textFilter('email'),
    }),
    kit.column({
      id: 'agencyId',
      header: 'Agency',
      size: 190,
      text: (row) => row.agencyName ?? '',
      Cell: AgencyCell,
      edit: { field: 'agencyId', EditCell: AgencyEditCell, readTexts: readAgencyNames, shows: ['agencyName'] },
      sortKey: 'agencyName',
      // The header's box searches agency names; the menu picks agencies.
      filter: { operators: [...textOperators<UserTypes>('agencyName', ['contains']), ...referenceOperators<UserTypes>('agencyId')], choices: agencyChoices },
    }),
    kit.column({
      id: 'roleIds',
      header: 'Roles',
      size: 220,
      // By name, so the same roles always read the same way; separated as in CSV files, so a copy pastes back.
      text: (row, names) =>
        row.roleIds
          .map((id) => names.get(id) ?? '…')
          .sort((a, b) => a.localeCompare(b))
          .join(ROLE_SEPARATOR),
      Cell: RolesCell,
      edit: { field: 'roleIds', EditCell: RolesEditCell, readTexts: readRoleLists },
      filter: { operators: setOperators<UserTypes>('roleId'), choices: roleChoices },
    }),
    kit.toggle('isActive', 'Active', { sortKey: 'isActive', filter: kit.booleanFilter('isActive') }),
    kit.date('createdAt', 'Created', { sortKey: 'createdAt', filter: kit.dateFilter('createdAt') }),
    kit.date('updatedAt', 'Updated', { sortKey: 'updatedAt', filter: kit.dateFilter('updatedAt') }),
  ],
  list: (api, request) => api['users.list'](request),
  count: (api, request) => api['users.count'](request),
  save: (api, batch) => api['users.save'](batch),
  fieldRules: userFieldRules,
  newRow: () => ({ name: '', email: '', agencyId: null, isActive: true, roleIds: [] }),
  blankRow: { id: '', name: '', email: '', agencyId: null, agencyName: null, isActive: true, roleIds: [], createdAt: '', updatedAt: '', deletedAt: null },
  deletedRows: (show) => ({ deleted: show ? 'include' : 'exclude' }),
  describe: (row) => row.name || row.email,
  bulkEdits: userBulkEdits,
  useLookup: () => useAllRoles().data?.names ?? noNames,
}
