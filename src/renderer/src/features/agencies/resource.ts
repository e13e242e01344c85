import { agencyFieldRules, type AgencyListQuery, type AgencySaveBatch } from '../../../../shared/domain/agencies'
import { column } from '../../grid/columns'
import { timestampColumns } from '../../grid/commonColumns'
import { asInput, type GridResource } from '../../grid/types'

export const agenciesResource: GridResource = {
  name: 'agencies',
  title: 'Agencies',
  noun: 'agency',
  list: (api, request) => api['agencies.list'](asInput<AgencyListQuery>(request)),
  count: (api, request) => api['agencies.count'](asInput<AgencyListQuery>(request)),
  save: (api, batch) => api['agencies.save'](asInput<AgencySaveBatch>(batch)),
  fieldRules: agencyFieldRules,
  newRow: () => ({ name: '' }),
  softDelete: true,
  describe: (row) => String(row.name ?? ''),
}

export const agencyColumns = [
  column.accessor('name', {
    id: 'name',
    header: 'Name',
    size: 300,
    meta: { field: 'name', editor: 'text', required: true, sortKey: 'name', filter: { key: 'name', kind: 'text' } },
  }),
  column.accessor('userCount', {
    id: 'userCount',
    header: 'Users',
    size: 100,
    meta: { editor: 'readonly', sortKey: 'userCount', align: 'end', format: (v) => Number(v ?? 0).toLocaleString() },
  }),
  ...timestampColumns(),
]
