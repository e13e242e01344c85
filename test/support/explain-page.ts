import postgres from 'postgres'
import { afterAll, beforeAll } from 'vitest'
import { openDatabase } from '../../src/main/db/client'
import { applyMigrations } from '../../src/main/db/migrations'
import { bulkFill } from './bulk-fill'
import { createPostgresDatabase, MIGRATIONS } from './databases'

/**
 * A new migrated PostgreSQL database and a client of ONE connection to it, so the statement a list
 * prepares last can be read back and explained; planning for values, as Roster's sessions do.
 */
export async function explainableDatabase(options = ''): Promise<{ client: postgres.Sql; close(): Promise<void> }> {
  const created = await createPostgresDatabase('roster_test', options)
  const migrated = await openDatabase({ kind: 'postgres', url: created.url })
  await applyMigrations(migrated, MIGRATIONS)
  await migrated.close()
  const client = postgres(created.url, { max: 1, onnotice: () => {}, connection: { plan_cache_mode: 'force_custom_plan' } })
  return {
    client,
    async close() {
      await client.end()
      await created.drop()
    },
  }
}

/**
 * For the tests of one describe block: an explainable database (created with `options`), seeded
 * once before them (`seed` is given its client) and dropped after them. Gives the client.
 */
export function explainableDatabaseFor(seed: (client: postgres.Sql) => Promise<unknown>, options = ''): () => postgres.Sql {
  let database: Awaited<ReturnType<typeof explainableDatabase>> | undefined
  beforeAll(async () => {
    database = await explainableDatabase(options)
    await seed(database.client)
  }, 120_000)
  afterAll(async () => {
    await database?.close()
  })
  return () => database!.client
}

/** A node of `explain (analyze, format json)`: rows and removed rows are per loop. */
export interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  'Relation Name'?: string
  'Actual Rows': number
  'Actual Loops': number
  'Rows Removed by Filter'?: number
  /** The conditions an index scan reads its range by, or tests on its entries. */
  'Index Cond'?: string
  /** Of an index-only scan: rows it still read from the table (not all-visible). */
  'Heap Fetches'?: number
  Plans?: PlanNode[]
}

const nodesOf = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodesOf)]

/**
 * Explains (analyzed) the page statement a list prepared last on `client`'s one connection (not
 * its count, nor this lookup, which postgres.js prepares too), run with `values` (its parameters
 * in the order the SQL text numbers them): every node of its plan.
 */
export const explainLastPage = (client: postgres.Sql, values: unknown[]): Promise<PlanNode[]> =>
  explainLast(client, values, `statement ilike '%order by%' and statement not ilike 'select count(%'`)

/** `which`: the statements to choose from, as a condition on pg_prepared_statements. */
async function explainLast(client: postgres.Sql, values: unknown[], which: string): Promise<PlanNode[]> {
  const [prepared] = await client.unsafe<{ name: string }[]>(
    `select name from pg_prepared_statements where ${which} and statement not ilike '%pg_prepared_statements%' order by prepare_time desc limit 1`,
  )
  const args = values.map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')
  const [row] = await client.unsafe(`explain (analyze, format json) execute "${prepared!.name}"${args ? `(${args})` : ''}`)
  return nodesOf((row!['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan)
}

/** Rows of `table` the plan read, kept and discarded, over every loop. */
export const rowsRead = (nodes: PlanNode[], table: string) =>
  nodes.filter((n) => n['Relation Name'] === table).reduce((sum, n) => sum + (n['Actual Rows'] + (n['Rows Removed by Filter'] ?? 0)) * n['Actual Loops'], 0)

/**
 * For the tests of one describe block: an explainable database whose users table `insert` fills
 * (in bulk, indexes built after), then vacuumed (so its index-only scans read no rows) and
 * analyzed. Gives the client.
 */
export const explainableUsers = (insert: (client: postgres.Sql) => Promise<unknown>): (() => postgres.Sql) =>
  explainableDatabaseFor(async (client) => {
    await bulkFill((text) => client.unsafe(text), 'users', () => insert(client))
    await vacuumAllVisible(client)
    await client`analyze users`
  })

/**
 * Vacuums `users` until the visibility map holds every page of it all-visible, so an index-only
 * scan reads no row of the table. Vacuum leaves unmarked a page another process has pinned at that
 * moment (the checkpointer writing it out, say), so once may not be enough.
 */
export async function vacuumAllVisible(client: postgres.Sql): Promise<void> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    await client`vacuum users`
    const [pages] = await client<{ all: number; visible: number }[]>`
      select relpages as all, relallvisible as visible from pg_class where oid = 'users'::regclass`
    if (pages!.visible >= pages!.all) return
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt))
  }
  throw new Error('20 vacuums left pages of users not all-visible: a transaction of this database holds back its horizon')
}

/**
 * What `read` selects from the server's statistics (pg_stat_user_tables and the like) about the
 * reads of the client's backend so far: its pending statistics flushed first, and any snapshot of
 * them this transaction holds dropped, so the numbers include the statement just run.
 */
export async function readStatistics<T>(client: postgres.Sql, read: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  await client`select pg_stat_force_next_flush()`
  await client`select pg_stat_clear_snapshot()`
  return read(client)
}

/** One number `n` of the server's statistics (`readStatistics`). */
export const statistic = async (client: postgres.Sql, read: (sql: postgres.Sql) => Promise<{ n: string | number }[]>): Promise<number> =>
  Number((await readStatistics(client, read))[0]!.n)

/**
 * Entries read so far of each index of `users` (by name), and its rows fetched through any of them
 * (`readStatistics`).
 */
export async function usersIndexReads(client: postgres.Sql): Promise<{ entries: Record<string, number>; fetched: number }> {
  const [indexes, [table]] = await readStatistics(client, (sql) =>
    Promise.all([
      sql<{ index: string; n: string }[]>`select indexrelname as index, idx_tup_read as n from pg_stat_user_indexes where relname = 'users'`,
      sql<{ fetched: string }[]>`select idx_tup_fetch as fetched from pg_stat_user_tables where relname = 'users'`,
    ]),
  )
  return { entries: Object.fromEntries(indexes.map((r) => [r.index, Number(r.n)])), fetched: Number(table!.fetched) }
}
