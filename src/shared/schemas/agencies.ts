import { z } from 'zod'
import { defineResource } from './resource'
import { clientId, listQuery, listResult, requiredName, softDeleteSaveBatch, timestamp, updateOf, deletedMode } from './common'
import { dateFilter, ids, textFilter } from './filters'

// The editable fields, checked against the agencies table by the main process's resource registry.
const agencyFields = { name: requiredName('Name') }

export const agencyRow = z.object({
  id: z.string(),
  name: z.string(),
  userCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.nullable(),
})
export type AgencyRow = z.infer<typeof agencyRow>

export const agencySortColumns = ['name', 'userCount', 'createdAt', 'updatedAt'] as const
export type AgencySortColumn = (typeof agencySortColumns)[number]

export const agencyListQuery = listQuery(agencySortColumns, {
  /** These agencies only. */
  ids: ids.optional(),
  name: textFilter,
  createdAt: dateFilter,
  updatedAt: dateFilter,
  deleted: deletedMode.optional(),
})
export type AgencyListQuery = z.input<typeof agencyListQuery>
export const agencyListResult = listResult(agencyRow)

export const agencyInsert = z.object({ clientId, ...agencyFields }).strict()
export const agencyUpdate = updateOf(agencyFields)
export const agencySaveBatch = softDeleteSaveBatch(agencyInsert, agencyUpdate)
export type AgencySaveBatch = z.input<typeof agencySaveBatch>

/** Rules for editing one field, as the grid checks a cell before staging it. */
export const agencyFieldRules = agencyFields

/** Agencies pages show how many live users each agency has. */
export const agenciesResource = defineResource({
  name: 'agencies',
  row: agencyRow,
  listQuery: agencyListQuery,
  saveBatch: agencySaveBatch,
  fieldRules: agencyFieldRules,
  shows: ['users'],
  csv: {
    columns: [
      { header: 'Name', shows: 'name', format: 'text', sets: 'name' },
      { header: 'Users', shows: 'userCount', format: 'count' },
      { header: 'Created', shows: 'createdAt', format: 'timestamp' },
      { header: 'Updated', shows: 'updatedAt', format: 'timestamp' },
      { header: 'Deleted', shows: 'deletedAt', format: 'optionalTimestamp', deletedOnly: true },
    ],
    matchBy: 'name',
  },
})
