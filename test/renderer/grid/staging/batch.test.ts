import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { ZodType } from 'zod'
import { agencySaveBatch } from '../../../../src/shared/domain/agencies'
import { roleSaveBatch } from '../../../../src/shared/domain/roles'
import { userSaveBatch } from '../../../../src/shared/domain/users'
import { agenciesResource } from '../../../../src/renderer/src/features/agencies/resource'
import { rolesResource } from '../../../../src/renderer/src/features/roles/resource'
import { usersResource } from '../../../../src/renderer/src/features/users/resource'
import { toSaveRequest } from '../../../../src/renderer/src/grid/staging/batch'
import { addInsert, applyEdit, noChanges, stageDeletes, type StagedChanges } from '../../../../src/renderer/src/grid/staging/model'
import type { GridResource } from '../../../../src/renderer/src/grid/types'

/** One edit, one new row and one delete of a resource, staged as the grid stages them. */
function staged(resource: GridResource, required: Record<string, unknown>): StagedChanges {
  const row = { id: randomUUID(), updatedAt: new Date().toISOString(), deletedAt: null, name: 'Before' }
  let changes = applyEdit(noChanges, { row, title: 'Before', field: 'name', value: 'After' })
  changes = addInsert(changes, { clientId: `new-${randomUUID()}`, values: { ...resource.newRow(), name: 'New', ...required }, display: {} })
  return stageDeletes(changes, [{ id: randomUUID(), title: 'Gone' }])
}

describe('the batch a save sends', () => {
  const cases: [string, GridResource, ZodType, Record<string, unknown>][] = [
    ['users', usersResource, userSaveBatch, { email: 'new@example.com' }],
    ['agencies', agenciesResource, agencySaveBatch, {}],
    ['roles', rolesResource, roleSaveBatch, {}],
  ]

  it.each(cases)('is one the main process accepts for %s', (_, resource, schema, required) => {
    const request = toSaveRequest(staged(resource, required), resource.softDelete)
    const parsed = schema.safeParse(request)
    expect(parsed.error?.issues ?? []).toEqual([])
    expect(request).toMatchObject({ updates: [{ changes: { name: 'After' } }], inserts: [{ name: 'New' }] })
    expect(request.deletes).toHaveLength(1)
  })

  it('carries restores only for resources that delete softly', () => {
    expect(toSaveRequest(noChanges, true)).toHaveProperty('restores', [])
    expect(toSaveRequest(noChanges, false)).not.toHaveProperty('restores')
  })
})
