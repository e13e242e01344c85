import postgres from 'postgres'

type Statement = (sql: postgres.TransactionSql) => Promise<unknown>

/**
 * Three writes on one PostgreSQL database, as overlapping saves make them: `open` in a transaction
 * left open (written, not committed) while, on a second connection, `alongside` commits under a
 * 2 s lock timeout (so it fails if it waits on `open`'s locks) and `rolledBack` is rolled back;
 * then `open` commits.
 */
export async function overlappingWrites(url: string, writes: { open: Statement; alongside: Statement; rolledBack: Statement }): Promise<void> {
  const one = postgres(url, { max: 1, onnotice: () => {} })
  const two = postgres(url, { max: 1, onnotice: () => {} })
  try {
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    let wrote!: () => void
    const written = new Promise<void>((resolve) => (wrote = resolve))
    const first = one.begin(async (tx) => {
      await writes.open(tx)
      wrote()
      await held
    })
    await written
    try {
      await two.begin(async (tx) => {
        await tx`set local lock_timeout = '2s'`
        await writes.alongside(tx)
      })
      const rolledBack = new Error('rolled back')
      const outcome = await two
        .begin(async (tx) => {
          await writes.rolledBack(tx)
          throw rolledBack
        })
        .catch((error: unknown) => error)
      if (outcome !== rolledBack) throw new Error(`the write to roll back did not fail as asked: ${String(outcome)}`)
    } finally {
      release()
      await first
    }
  } finally {
    await one.end()
    await two.end()
  }
}
