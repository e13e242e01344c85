import { describe, expect, it } from 'vitest'
import type { ContractResource } from '../../../../src/renderer/src/api/resourceTypes'
import { describeFilter } from '../../../../src/renderer/src/grid/filters/describe'
import { dateOperators, dayStart, referenceOperators, setOperators, textOperators } from '../../../../src/renderer/src/grid/filters/operators'
import { toListParams } from '../../../../src/renderer/src/grid/useGridTable'
import type { GridColumn } from '../../../../src/renderer/src/grid/resource'
import { userListQuery } from '../../../../src/shared/schemas/users'

type UserTypes = ContractResource<'users'>
const ROLE_A = '11111111-1111-4111-8111-111111111111'
const ROLE_B = '22222222-2222-4222-8222-222222222222'
const byOp = <O extends { op: string }>(operators: readonly O[], op: string) => operators.find((o) => o.op === op)!

describe('filter operators', () => {
  const text = textOperators<UserTypes>('name')
  const dates = dateOperators<UserTypes>('createdAt')
  const agency = referenceOperators<UserTypes>('agencyId')
  const roles = setOperators<UserTypes>('roleId')

  it('write the contract’s operator objects, which the users list query accepts', () => {
    const filters = [
      byOp(text, 'startsWith').apply({}, ['  Ann ']),
      byOp(text, 'empty').apply({}, []),
      byOp(agency, 'anyOf').apply({}, [ROLE_A, ROLE_B]),
      byOp(agency, 'none').apply({}, []),
      byOp(roles, 'allOf').apply({}, [ROLE_A]),
      byOp(dates, 'lastDays').apply({}, ['7']),
      byOp(dates, 'between').apply({}, ['2026-01-01', '2026-01-31']),
    ]
    expect(filters[0]).toEqual({ name: { op: 'startsWith', value: 'Ann' } })
    expect(filters[2]).toEqual({ agencyId: { op: 'anyOf', values: [ROLE_A, ROLE_B] } })
    for (const filter of filters) expect(userListQuery.safeParse({ filters: filter }).success).toBe(true)
  })

  it('turn days into midnights where the admin is: after a day starts at the next midnight, between includes the last day', () => {
    expect(dayStart('2026-01-01')).toBe(new Date(2026, 0, 1).toISOString())
    expect(dayStart('2026-02-30')).toBeNull()
    expect(dayStart('1/2/2026')).toBeNull()
    expect(byOp(dates, 'after').apply({}, ['2026-01-31'])).toEqual({ createdAt: { op: 'after', value: new Date(2026, 1, 1).toISOString() } })
    expect(byOp(dates, 'between').apply({}, ['2026-01-01', '2026-01-31'])).toEqual({
      createdAt: { op: 'between', from: new Date(2026, 0, 1).toISOString(), to: new Date(2026, 1, 1).toISOString() },
    })
  })

  it('are no filter until their operands are complete', () => {
    expect(byOp(text, 'contains').apply({}, ['   '])).toBeNull()
    expect(byOp(agency, 'is').apply({}, ['not-an-id'])).toBeNull()
    expect(byOp(roles, 'anyOf').apply({}, [])).toBeNull()
    expect(byOp(dates, 'between').apply({}, ['2026-02-01', '2026-01-01'])).toBeNull()
    expect(byOp(dates, 'lastDays').apply({}, ['0'])).toBeNull()
    expect(byOp(dates, 'lastDays').apply({}, ['36501'])).toBeNull()
  })

  it('read as a phrase after the column title, names looked up', () => {
    const names = new Map([
      [ROLE_A, 'Admin'],
      [ROLE_B, 'Editor'],
    ])
    expect(describeFilter(byOp(roles, 'allOf'), { op: 'allOf', args: [ROLE_A, ROLE_B] }, names)).toBe('has all of Admin and Editor')
    expect(describeFilter(byOp(roles, 'anyOf'), { op: 'anyOf', args: [ROLE_A, ROLE_B, ROLE_A] }, names)).toBe('has any of Admin, Editor and 1 more')
    expect(describeFilter(byOp(text, 'notEmpty'), { op: 'notEmpty', args: [] }, names)).toBe('is not empty')
    expect(describeFilter(byOp(dates, 'lastDays'), { op: 'lastDays', args: ['7'] }, names)).toBe('in the last 7 days')
  })

  it('become the list query’s filters; an unknown operator or column, or incomplete operands, filter nothing', () => {
    const column = (id: 'name' | 'roleIds', filter: GridColumn<UserTypes>['filter']): GridColumn<UserTypes> => ({ id, header: id, size: 100, text: () => '', filter })
    const columns = [{ ...column('name', { operators: text }), sortKey: 'name' as const }, column('roleIds', { operators: roles })]
    const filters = [
      { id: 'name', value: { op: 'equals', args: ['Ann Lee'] } },
      { id: 'roleIds', value: { op: 'noneOf', args: [ROLE_B] } },
      { id: 'roleIds', value: { op: 'sideways', args: [ROLE_B] } },
      { id: 'email', value: { op: 'contains', args: ['x'] } },
    ]
    expect(toListParams(columns, [{ id: 'name', desc: true }], filters, ' ann ', { deleted: 'exclude' })).toEqual({
      sort: [{ column: 'name', direction: 'desc' }],
      filters: { deleted: 'exclude', name: { op: 'equals', value: 'Ann Lee' }, roleId: { op: 'noneOf', values: [ROLE_B] } },
      search: 'ann',
    })
  })
})
