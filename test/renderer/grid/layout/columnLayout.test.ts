import { describe, expect, it } from 'vitest'
import {
  canMove,
  defaultLayout,
  fitLayout,
  layoutStorageKey,
  moveColumn,
  moveColumnTo,
  readLayout,
  setHidden,
  shownOrder,
  visibleIds,
  withSizes,
  type ColumnLayout,
} from '../../../../src/renderer/src/grid/layout/columnLayout'
import { databaseIdentity, layoutTableState } from '../../../../src/renderer/src/grid/layout/useColumnLayout'

const ids = ['name', 'email', 'agencyId', 'isActive']
const layout = (over: Partial<ColumnLayout> = {}): ColumnLayout => ({ ...defaultLayout(ids), ...over })

describe('column layout', () => {
  it('reads a stored layout, fitted to the columns as they are now', () => {
    const stored = JSON.stringify({ order: ['email', 'gone', 'name', 'email'], hidden: ['name', 'isActive', 'gone'], sizes: { email: 300, gone: 90 }, frozen: false })
    expect(readLayout(stored, ids)).toEqual({
      // Unknown and repeated ids dropped, new columns at the end, the key column never hidden.
      order: ['email', 'name', 'agencyId', 'isActive'],
      hidden: ['isActive'],
      sizes: { email: 300 },
      frozen: false,
    })
  })

  it('falls back to the default layout for nothing stored, bad JSON or a wrong shape', () => {
    const fallback = { order: ids, hidden: [], sizes: {}, frozen: true }
    expect(readLayout(null, ids)).toEqual(fallback)
    expect(readLayout('{not json', ids)).toEqual(fallback)
    expect(readLayout(JSON.stringify({ order: 'name', hidden: [], sizes: {}, frozen: true }), ids)).toEqual(fallback)
    // A width out of bounds (edited by hand) is refused as a whole too.
    expect(readLayout(JSON.stringify({ order: ids, hidden: [], sizes: { name: 5 }, frozen: true }), ids)).toEqual(fallback)
  })

  it('shows a frozen key column first, whatever the stored order', () => {
    const moved = layout({ order: ['email', 'agencyId', 'name', 'isActive'], hidden: ['agencyId'] })
    expect(shownOrder(moved, 'name')).toEqual(['name', 'email', 'agencyId', 'isActive'])
    expect(visibleIds(moved, 'name')).toEqual(['name', 'email', 'isActive'])
    expect(visibleIds({ ...moved, frozen: false }, 'name')).toEqual(['email', 'name', 'isActive'])
  })

  it('moves a column one place, never past the ends or a frozen key column', () => {
    expect(moveColumn(layout(), 'name', 'agencyId', -1).order).toEqual(['name', 'agencyId', 'email', 'isActive'])
    expect(moveColumn(layout(), 'name', 'agencyId', 1).order).toEqual(['name', 'email', 'isActive', 'agencyId'])
    expect(canMove(layout(), 'name', 'isActive', 1)).toBe(false)
    expect(canMove(layout(), 'name', 'email', -1)).toBe(false)
    expect(canMove(layout(), 'name', 'name', 1)).toBe(false)
    expect(moveColumn(layout(), 'name', 'email', -1)).toEqual(layout())
    // Unfrozen, the key column moves like any other.
    expect(moveColumn(layout({ frozen: false }), 'name', 'email', -1).order).toEqual(['email', 'name', 'agencyId', 'isActive'])
  })

  it('puts a dragged column where it was dropped', () => {
    expect(moveColumnTo(layout(), 'name', 'isActive', 'email').order).toEqual(['name', 'isActive', 'email', 'agencyId'])
    expect(moveColumnTo(layout(), 'name', 'email', 'isActive').order).toEqual(['name', 'agencyId', 'isActive', 'email'])
    expect(moveColumnTo(layout(), 'name', 'email', 'name')).toEqual(layout())
    expect(moveColumnTo(layout({ frozen: false }), 'name', 'email', 'name').order).toEqual(['email', 'name', 'agencyId', 'isActive'])
  })

  it('hides and shows columns, but never the key column', () => {
    const hidden = setHidden(layout(), 'name', 'email', true)
    expect(hidden.hidden).toEqual(['email'])
    expect(setHidden(hidden, 'name', 'email', false).hidden).toEqual([])
    expect(setHidden(layout(), 'name', 'name', true).hidden).toEqual([])
    expect(fitLayout(layout({ hidden: ['name'] }), ids).hidden).toEqual([])
  })

  it('keeps widths within bounds, in whole pixels', () => {
    expect(withSizes(layout(), { name: 12, email: 5000, agencyId: 181.6 }).sizes).toEqual({ name: 60, email: 1200, agencyId: 182 })
  })

  it('makes the table state: selection first, actions last, the frozen key column pinned beside the selection', () => {
    const state = layoutTableState(layout({ hidden: ['email'], sizes: { agencyId: 250 } }), 'name')
    expect(state).toEqual({
      columnOrder: ['select', 'name', 'email', 'agencyId', 'isActive', 'actions'],
      columnVisibility: { email: false },
      columnPinning: { start: ['select', 'name'], end: [] },
      columnSizing: { agencyId: 250 },
    })
    expect(layoutTableState(layout({ frozen: false }), 'name').columnPinning).toEqual({ start: [], end: [] })
  })

  it('keys a layout by resource and database, without a password', () => {
    const database = databaseIdentity({ kind: 'postgres', label: '127.0.0.1:5432/roster' })
    expect(layoutStorageKey('users', database)).toBe('roster.columns.v1:users:postgres:127.0.0.1:5432/roster')
    expect(layoutStorageKey('users', database)).not.toBe(layoutStorageKey('agencies', database))
  })
})
