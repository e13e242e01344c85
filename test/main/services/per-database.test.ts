import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { Remembered } from '../../../src/main/services/per-database'
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

  it('are loaded again once expired', async () => {
    const remembered = new Remembered<number>(20)
    let loads = 0
    const load = async () => ++loads
    expect(await remembered.get(one, 'k', load)).toBe(1)
    await vi.waitFor(async () => expect(await remembered.get(one, 'k', load)).toBe(2), { timeout: 5_000, interval: 10 })
  })
})
