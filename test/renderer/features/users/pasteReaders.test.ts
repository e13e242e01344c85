import { describe, expect, it } from 'vitest'
import { readRoleNames } from '../../../../src/renderer/src/features/users/pasteReaders'
import { withoutRoles, withRoles } from '../../../../src/renderer/src/features/users/roleChanges'
import { readBoolean } from '../../../../src/renderer/src/grid/bulk/readers'

const names = new Map([
  ['r-admin', 'Administrator'],
  ['r-edit', 'Editor'],
  ['r-view', 'Viewer'],
])

describe('reading pasted users cells', () => {
  it('reads roles as ;-separated names, ignoring case, spaces and repeats', () => {
    expect(readRoleNames('Viewer; administrator ;Viewer', names)).toEqual({ ok: true, value: ['r-view', 'r-admin'] })
    expect(readRoleNames('', names)).toEqual({ ok: true, value: [] })
    expect(readRoleNames('Editor; Auditor', names)).toEqual({ ok: false, message: 'No role is named “Auditor”' })
  })

  it('reads yes/no cells as spreadsheets and Roster write them, and says what it takes otherwise', () => {
    for (const text of ['true', 'Yes', ' 1 ', 'TRUE']) expect(readBoolean(text)).toEqual({ ok: true, value: true })
    for (const text of ['false', 'No', '0']) expect(readBoolean(text)).toEqual({ ok: true, value: false })
    expect(readBoolean('')).toEqual({ ok: false, message: '“” is not yes or no (use true/false, yes/no or 1/0)' })
  })
})

describe('bulk role changes', () => {
  it('adds roles a user does not hold yet, keeping the others in place', () => {
    expect(withRoles(['r-view', 'r-edit'], ['r-admin', 'r-view'])).toEqual(['r-view', 'r-edit', 'r-admin'])
  })

  it('removes the given roles and nothing else', () => {
    expect(withoutRoles(['r-view', 'r-edit', 'r-admin'], ['r-edit', 'r-other'])).toEqual(['r-view', 'r-admin'])
  })
})
