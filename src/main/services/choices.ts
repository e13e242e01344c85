import { and, asc, getTableColumns, getTableName, ilike, inArray, isNull, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { ChoicesQuery, ChoicesResult } from '../../shared/schemas/choices'
import type { RosterDb } from '../db/client'
import { containsPattern } from './list-query'

/** The columns a picked table's rows are named by, and its soft delete when it has one. */
function namingColumns(table: PgTable) {
  const { id, name, deletedAt } = getTableColumns(table)
  if (!id || !name) throw new Error(`The ${getTableName(table)} table has no id and name to pick its rows by`)
  return { id, name, deletedAt }
}

/**
 * A picker's choices (src/shared/schemas/choices.ts): the rows of the ids asked for, or the live
 * rows whose name contains the search, first by name, with how many match in all.
 */
export async function listChoices(db: RosterDb, table: PgTable, query: ChoicesQuery): Promise<ChoicesResult> {
  const { id, name, deletedAt } = namingColumns(table)
  const where = query.ids
    ? inArray(id, query.ids)
    : and(deletedAt && isNull(deletedAt), query.search ? ilike(name, containsPattern(query.search)) : undefined)
  const found = await db
    .select({ id, name, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(table)
    .where(where)
    .orderBy(asc(name), asc(id))
    .limit(query.limit)
  return { rows: found.map((row) => ({ id: String(row.id), name: String(row.name) })), total: found[0]?.total ?? 0 }
}
