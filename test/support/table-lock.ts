import type postgres from 'postgres'

/**
 * Takes an ACCESS EXCLUSIVE lock on `table` in a transaction of its own on `sql`, so every read of
 * it waits: calls overlap whatever the machine's speed. Resolves once the lock is held, with the
 * function that lets it go (and resolves when that transaction has ended).
 */
export async function holdTableLock(sql: postgres.Sql, table: string): Promise<() => Promise<void>> {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let locked!: () => void
  const holding = new Promise<void>((resolve) => (locked = resolve))
  const done = sql.begin(async (tx) => {
    await tx`lock table ${tx(table)} in access exclusive mode`
    locked()
    await released
  })
  await Promise.race([holding, done])
  return async () => {
    release()
    await done
  }
}
