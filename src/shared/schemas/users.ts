import { z } from 'zod'
import { defineResource } from './resource'
import { clientId, deletedMode, id, listQuery, listResult, requiredName, softDeleteSaveBatch, text, timestamp, updateOf } from './common'
import { booleanFilter, dateFilter, referenceFilter, setFilter, textFilter } from './filters'

// The editable fields. Those that are columns of the users table are checked against it, type
// by type, by the main process's resource registry; roleIds lives in user_roles.
const userFields = {
  name: requiredName('Name'),
  email: text({ error: 'Email is required' })
    .trim()
    .min(1, 'Email is required')
    .max(254, 'Email must be at most 254 characters')
    .pipe(z.email({ error: (issue) => `${String(issue.input)} is not a valid email address` })),
  agencyId: id.nullable(),
  isActive: z.boolean(),
  roleIds: z
    .array(id)
    .max(100, 'A user can have at most 100 roles')
    .refine((ids) => new Set(ids).size === ids.length, 'A role is listed twice'),
}

export const userRow = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  agencyId: z.string().nullable(),
  agencyName: z.string().nullable(),
  isActive: z.boolean(),
  roleIds: z.array(z.string()),
  createdAt: timestamp,
  updatedAt: timestamp,
  deletedAt: timestamp.nullable(),
})
export type UserRow = z.infer<typeof userRow>

export const userSortColumns = ['name', 'email', 'agencyName', 'isActive', 'createdAt', 'updatedAt'] as const
export type UserSortColumn = (typeof userSortColumns)[number]

export const userListQuery = listQuery(userSortColumns, {
  name: textFilter,
  email: textFilter,
  agencyName: textFilter,
  /** The user's agency: is, is none, any of (a bare id or `none` still works). */
  agencyId: referenceFilter,
  isActive: booleanFilter,
  /** The user's roles: has any of, all of, none of (a bare role id is "has any of" it). */
  roleId: setFilter,
  createdAt: dateFilter,
  updatedAt: dateFilter,
  deleted: deletedMode.optional(),
})
export type UserListQuery = z.input<typeof userListQuery>
export const userListResult = listResult(userRow)

export const userInsert = z
  .object({
    clientId,
    name: userFields.name,
    email: userFields.email,
    agencyId: userFields.agencyId.default(null),
    isActive: userFields.isActive.default(true),
    roleIds: userFields.roleIds.default([]),
  })
  .strict()
export const userUpdate = updateOf(userFields)
export const userSaveBatch = softDeleteSaveBatch(userInsert, userUpdate)
export type UserSaveBatch = z.input<typeof userSaveBatch>

export const userFieldRules = userFields

/** Users pages show their agency's name and their roles. */
export const usersResource = defineResource({
  name: 'users',
  row: userRow,
  listQuery: userListQuery,
  saveBatch: userSaveBatch,
  fieldRules: userFieldRules,
  shows: ['agencies', 'roles'],
  csv: {
    columns: [
      { header: 'Name', shows: 'name', format: 'text', sets: 'name' },
      { header: 'Email', shows: 'email', format: 'text', sets: 'email' },
      // Agency and roles by name, as the grid shows them; an import looks the names up.
      { header: 'Agency', shows: 'agencyName', format: 'optionalText', sets: 'agencyId' },
      { header: 'Roles', shows: 'roleIds', format: 'names', sets: 'roleIds' },
      { header: 'Active', shows: 'isActive', format: 'boolean', sets: 'isActive' },
      { header: 'Created', shows: 'createdAt', format: 'timestamp' },
      { header: 'Updated', shows: 'updatedAt', format: 'timestamp' },
      { header: 'Deleted', shows: 'deletedAt', format: 'optionalTimestamp', deletedOnly: true },
    ],
    // Emails compare ignoring case, as the unique index does.
    matchBy: 'email',
  },
})
