import { z } from 'zod'

/**
 * Runs one statement given as text and gives back its rows: `(text) => sql.unsafe(text)` on
 * postgres.js, `(text) => queryRows(db, z.unknown(), sql.raw(text))` on either engine through Drizzle.
 */
export type RunSql = (text: string) => Promise<readonly unknown[]>

const setAside = z.array(z.object({ drop: z.string(), restore: z.string() }))

/**
 * Runs `fill`, a bulk insert into `table`, with the table's secondary indexes and foreign keys
 * set aside and put back after: one index build and one foreign-key check over the finished table
 * cost several times less than keeping them up row by row (the trigram GIN indexes and the
 * per-row foreign-key trigger most of all). The same indexes and constraints, by the same
 * definitions, are left behind (a unique index checks its rows when built again); the primary
 * key and unique constraints stay throughout.
 */
export async function bulkFill(run: RunSql, table: string, fill: () => Promise<unknown>): Promise<void> {
  const relation = `'${table.replaceAll("'", "''")}'::regclass`
  const statements = setAside.parse(
    await run(`
      select 'drop index ' || i.indexrelid::regclass as drop, pg_get_indexdef(i.indexrelid) as restore
      from pg_index i
      where i.indrelid = ${relation} and not exists (select from pg_constraint c where c.conindid = i.indexrelid)
      union all
      select format('alter table %s drop constraint %I', c.conrelid::regclass, c.conname),
             format('alter table %s add constraint %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
      from pg_constraint c
      where c.conrelid = ${relation} and c.contype = 'f'`),
  )
  for (const { drop } of statements) await run(drop)
  await fill()
  for (const { restore } of statements) await run(restore)
}
