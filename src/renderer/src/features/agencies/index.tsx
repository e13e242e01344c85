import { agencyFieldRules } from '../../../../shared/schemas/agencies'
import type { ContractResource } from '../../api/resourceTypes'
import { columnKit } from '../../grid/columnKit'
import type { GridResource } from '../../grid/resource'
import { gridFeature, navIcon } from '../feature'
import { usersOfAgency } from '../users/links'

type AgencyTypes = ContractResource<'agencies'>
const kit = columnKit<AgencyTypes>()

export const agenciesResource: GridResource<AgencyTypes> = {
  name: 'agencies',
  title: 'Agencies',
  noun: 'agency',
  columns: [
    kit.column({ id: 'name', header: 'Name', size: 300, required: true, edit: kit.editText('name'), sortKey: 'name', filter: kit.textFilter('name') }),
    kit.count('userCount', 'Users', { sortKey: 'userCount' }),
    kit.date('createdAt', 'Created', { sortKey: 'createdAt', filter: kit.dateFilter('createdAt') }),
    kit.date('updatedAt', 'Updated', { sortKey: 'updatedAt', filter: kit.dateFilter('updatedAt') }),
  ],
  list: (api, request) => api['agencies.list'](request),
  count: (api, request) => api['agencies.count'](request),
  save: (api, batch) => api['agencies.save'](batch),
  fieldRules: agencyFieldRules,
  newRow: () => ({ name: '' }),
  blankRow: { id: '', name: '', userCount: 0, createdAt: '', updatedAt: '', deletedAt: null },
  deletedRows: (show) => ({ deleted: show ? 'include' : 'exclude' }),
  describe: (row) => row.name,
  useLookup: () => undefined,
  // An agency with live users cannot be deleted: the refusal offers to show them, to move them.
  deleteBlockers: { action: 'Show users', link: usersOfAgency },
}

export const feature = gridFeature(agenciesResource, {
  order: 2,
  icon: navIcon(
    <>
      <path d="M4 21V5.5L12 3v18M12 8.5l8 2.5v10" />
      <path d="M7.5 8h1M7.5 12h1M7.5 16h1M15.5 13.5h1M15.5 17h1M2.5 21h19" />
    </>,
  ),
})
