import type { ContractResource } from '../../../../src/renderer/src/api/resourceTypes'
import type { RowOf } from '../../../../src/renderer/src/grid/resourceTypes'

export type UserTypes = ContractResource<'users'>
export type UserRow = RowOf<UserTypes>

let next = 0
/** A saved user row as `users.list` returns it; each call a new id. */
export function userRow(values: Partial<UserRow> = {}): UserRow {
  next += 1
  return {
    id: `00000000-0000-4000-8000-${String(next).padStart(12, '0')}`,
    name: `User ${next}`,
    email: `user${next}@example.com`,
    agencyId: null,
    agencyName: null,
    isActive: true,
    roleIds: [],
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-02T00:00:00.000Z',
    deletedAt: null,
    ...values,
  }
}

export const blankUser: UserRow = { ...userRow(), id: '', name: '', email: '', createdAt: '', updatedAt: '' }
