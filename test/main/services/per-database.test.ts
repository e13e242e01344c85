import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { Remembered, rowsWritten, sharesMemoriesOf } from '../../../src/main/services/per-database'
import { ADMIN_URL } from '../../support/databases'

describe('values remembered per database', () => {
  // Two handles: values are kept per handle (nothing is queried).
  const client = postgres(ADMIN_URL, { max: 1 })
  const [one, other] = [drizzle({ client }), drizzle({ client })]
  afterAll(() => client.end())

  it('are loaded once while fresh, and separately for each database', async () => {
    const remembered = new Remembered<number | null>(60_000)
    const load = vi.fn(async () => null)
    expect(await remembered.get(one, 'k', load)).toBeNull()
    expect(await remembered.get(one, 'k', load)).toBeNull()
    expect(load).toHaveBeenCalledTimes(1)
    await remembered.get(other, 'k', load)
    await remembered.get(one, 'another key', load)
    expect(load).toHaveBeenCalledTimes(3)
  })

  it('serve a transaction that shares its database’s, and are loaded again after a save when they would be stale', async () => {
    const [tx, laterTx] = [drizzle({ client }), drizzle({ client })]
    sharesMemoriesOf(tx, one)
    sharesMemoriesOf(laterTx, one)
    const remembered = new Remembered<number>(60_000, true)
    let loads = 0
    const load = async () => ++loads
    expect(await remembered.get(tx, 'k', load)).toBe(1)
    expect(await remembered.get(one, 'k', load)).toBe(1)
    rowsWritten(laterTx)
    expect(await remembered.get(laterTx, 'k', load)).toBe(2)
    // A load the save overlapped may have read rows from before it: not kept.
    const overlapped = remembered.get(one, 'other', async () => {
      rowsWritten(one)
      return ++loads
    })
    expect(await overlapped).toBe(3)
    expect(await remembered.get(one, 'other', load)).toBe(4)
    // Memories not marked forgotten on write stay.
    const estimates = new Remembered<number>(60_000)
    expect(await estimates.get(one, 'k', load)).toBe(5)
    rowsWritten(one)
    expect(await estimates.get(one, 'k', load)).toBe(5)
  })

  it('are loaded again once expired', async () => {
    const remembered = new Remembered<number>(20)
    let loads = 0
    const load = async () => ++loads
    expect(await remembered.get(one, 'k', load)).toBe(1)
    await vi.waitFor(async () => expect(await remembered.get(one, 'k', load)).toBe(2), { timeout: 5_000, interval: 10 })
  })
})
