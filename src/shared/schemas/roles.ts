import { z } from 'zod'
import { defineResource } from './resource'
import { clientId, listQuery, listResult, requiredName, saveBatch, text, timestamp, updateOf } from './common'
import { dateFilter, ids, textFilter } from './filters'

// The editable fields, checked against the roles table by the main process's resource registry.
const roleFields = {
  name: requiredName('Name', 100),
  // Blank means no description.
  description: text()
    .trim()
    .max(1000, 'Description must be at most 1000 characters')
    .transform((v) => (v === '' ? null : v))
    .nullable(),
}

export const roleRow = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  userCount: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
})
export type RoleRow = z.infer<typeof roleRow>

export const roleSortColumns = ['name', 'description', 'userCount', 'createdAt', 'updatedAt'] as const
export type RoleSortColumn = (typeof roleSortColumns)[number]

export const roleListQuery = listQuery(roleSortColumns, {
  /** These roles only: what a delete confirmation reads of the roles it deletes. */
  ids: ids.optional(),
  name: textFilter,
  description: textFilter,
  createdAt: dateFilter,
  updatedAt: dateFilter,
})
export type RoleListQuery = z.input<typeof roleListQuery>
export const roleListResult = listResult(roleRow)

export const roleInsert = z
  .object({ clientId, name: roleFields.name, description: roleFields.description.optional() })
  .strict()
export const roleUpdate = updateOf(roleFields)
export const roleSaveBatch = saveBatch(roleInsert, roleUpdate)
export type RoleSaveBatch = z.input<typeof roleSaveBatch>

export const roleFieldRules = roleFields

/** Roles pages show how many live users hold each role. */
export const rolesResource = defineResource({
  name: 'roles',
  row: roleRow,
  listQuery: roleListQuery,
  saveBatch: roleSaveBatch,
  fieldRules: roleFieldRules,
  shows: ['users'],
  csv: {
    columns: [
      { header: 'Name', shows: 'name', format: 'text', sets: 'name' },
      { header: 'Description', shows: 'description', format: 'optionalText', sets: 'description' },
      { header: 'Users', shows: 'userCount', format: 'count' },
      { header: 'Created', shows: 'createdAt', format: 'timestamp' },
      { header: 'Updated', shows: 'updatedAt', format: 'timestamp' },
    ],
    matchBy: 'name',
  },
})
