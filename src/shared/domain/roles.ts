import { createSelectSchema } from 'drizzle-zod'
import { z } from 'zod'
import { roles } from '../../main/db/schema/roles'
import { clientId, listQuery, listResult, requiredName, saveBatch, text, textFilter, timestamp, updateOf } from './common'

const roleFields = createSelectSchema(roles, {
  name: () => requiredName('Name', 100),
  description: () =>
    text()
      .trim()
      .max(1000, 'Description must be at most 1000 characters')
      .transform((v) => (v === '' ? null : v))
      .nullable(),
}).pick({ name: true, description: true }).shape

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

export const roleListQuery = listQuery(roleSortColumns, { name: textFilter, description: textFilter })
export type RoleListQuery = z.input<typeof roleListQuery>
export const roleListResult = listResult(roleRow)

export const roleInsert = z
  .object({ clientId, name: roleFields.name, description: roleFields.description.optional() })
  .strict()
export const roleUpdate = updateOf(roleFields)
export const roleSaveBatch = saveBatch(roleInsert, roleUpdate)
export type RoleSaveBatch = z.input<typeof roleSaveBatch>

export const roleFieldRules = roleFields
