import { getTableColumns, getTableName, sql } from 'drizzle-orm'
import { z } from 'zod'
import type { PgTable } from 'drizzle-orm/pg-core'
import { nextUpdatedAt } from '../db/schema/columns'
import { queryRows, type Executor, type RosterDb } from '../db/client'
import { ApiFailure } from '../api-failure'
import type { FieldError } from '../../shared/result'
import type { SaveResult } from '../../shared/schemas/common'
import { rowsWritten } from './per-database'

/** Runs in a save's transaction after its writes, before it commits: the change notice rides in it. */
export type BeforeCommit = (tx: Executor, result: SaveResult) => Promise<void>

/**
 * A save's one transaction: `write` does the work, then `beforeCommit` (if any) runs in the same
 * transaction. Once committed, what is remembered of the database's rows is forgotten.
 */
export async function saveTransaction(db: RosterDb, beforeCommit: BeforeCommit | undefined, write: (tx: Executor) => Promise<SaveResult>) {
  const result = await db.transaction(async (tx) => {
    const written = await write(tx)
    await beforeCommit?.(tx, written)
    return written
  })
  rowsWritten(db)
  return result
}

/** A column a batch update may set, by its property name in the table: its SQL name and type come from the schema. */
export type UpdatableKey<Table extends PgTable> = keyof Table['_']['columns'] & string

const idRow = z.object({ id: z.string() })

export interface RowUpdate {
  id: string
  updatedAt: string
  overwrite: boolean
  changes: Record<string, unknown>
}

/**
 * Applies many rows' changes in ONE statement: each row sets only the columns it changed, and only
 * if it still has the `updated_at` it was read with (unless the user chose to overwrite). The rows
 * travel as one JSON parameter (UPDATE … FROM jsonb_to_recordset(…)), however many there are.
 * Returns the ids actually updated; the caller decides about the rest.
 */
export async function bulkUpdate<Table extends PgTable>(
  tx: Executor,
  table: Table,
  keys: readonly UpdatableKey<Table>[],
  rows: RowUpdate[],
  options: { liveOnly: boolean },
): Promise<Set<string>> {
  if (rows.length === 0) return new Set()
  const schema = getTableColumns(table)
  const columns = keys.map((key) => ({ key, column: schema[key]!.name, type: schema[key]!.getSQLType() }))
  const records = rows.map((row) => {
    const record: Record<string, unknown> = { id: row.id, read_at: row.updatedAt, overwrite: row.overwrite }
    for (const c of columns) {
      record[`has_${c.column}`] = c.key in row.changes
      record[c.column] = row.changes[c.key] ?? null
    }
    return record
  })
  const shape = sql.join(
    [
      sql`id uuid, read_at timestamptz, overwrite boolean`,
      ...columns.map((c) => sql`${sql.identifier(`has_${c.column}`)} boolean, ${sql.identifier(c.column)} ${sql.raw(c.type)}`),
    ],
    sql`, `,
  )
  const assignments = columns.map(
    (c) => sql`${sql.identifier(c.column)} = case when v.${sql.identifier(`has_${c.column}`)} then v.${sql.identifier(c.column)} else t.${sql.identifier(c.column)} end`,
  )
  const result = await queryRows(
    tx,
    idRow,
    sql`update ${sql.identifier(getTableName(table))} as t
        set ${sql.join([...assignments, sql`updated_at = ${nextUpdatedAt(sql`t.updated_at`)}`], sql`, `)}
        from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(${shape})
        where t.id = v.id and (v.overwrite or t.updated_at = v.read_at)
        ${options.liveOnly ? sql`and t.deleted_at is null` : sql``}
        returning t.id`,
  )
  return new Set(result.map((r) => r.id))
}

/**
 * For updates that did not apply, says why, naming the row as a person knows it; throws so the
 * whole batch rolls back.
 */
export async function refuseStaleUpdates(
  tx: Executor,
  table: PgTable,
  label: string,
  rows: RowUpdate[],
  updated: Set<string>,
): Promise<void> {
  const missed = rows.filter((r) => !updated.has(r.id))
  if (missed.length === 0) return
  const hasDeletedAt = 'deletedAt' in getTableColumns(table)
  const found = await queryRows(
    tx,
    z.object({ id: z.string(), name: z.string(), deleted: z.boolean() }),
    sql`select id, name, ${hasDeletedAt ? sql`deleted_at is not null` : sql`false`} as deleted
        from ${sql.identifier(getTableName(table))} where id = any(${sql.param(missed.map((r) => r.id))}::uuid[])`,
  )
  const byId = new Map(found.map((f) => [f.id, f]))
  const what = (current: { deleted: boolean } | undefined) => (!current ? 'gone' : current.deleted ? 'deleted' : 'changed')
  const errors: FieldError[] = missed.map((row) => {
    const current = byId.get(row.id)
    const message = {
      gone: `This ${label} no longer exists: someone deleted it. Reload the list.`,
      deleted: `${current?.name} was deleted by someone else. Restore it or reload the list.`,
      changed: `${current?.name} was changed by someone else since you loaded it — reload it or overwrite?`,
    }[what(current)]
    return { rowId: row.id, field: '_row', message }
  })
  // The summary says what happened to these rows: changed, deleted, or some of each.
  const kinds = new Set(missed.map((row) => what(byId.get(row.id))))
  const summary =
    kinds.size === 1 && kinds.has('changed')
      ? `${errors.length} rows were changed by someone else since you loaded them — reload them or overwrite?`
      : kinds.has('changed')
        ? `${errors.length} rows were changed or deleted by someone else since you loaded them. Reload the list.`
        : `${errors.length} rows were deleted by someone else since you loaded them. Reload the list.`
  throw new ApiFailure(byId.size === 0 ? 'not_found' : 'conflict', errors.length === 1 ? errors[0]!.message : summary, errors)
}

/** Soft-deletes or restores rows; returns how many changed state. */
export async function setDeleted(tx: Executor, table: PgTable, ids: string[], deleted: boolean): Promise<number> {
  if (ids.length === 0) return 0
  const rows = await queryRows(
    tx,
    idRow,
    sql`update ${sql.identifier(getTableName(table))} as t
        set deleted_at = ${deleted ? sql`date_trunc('milliseconds', clock_timestamp())` : sql`null`},
            updated_at = ${nextUpdatedAt(sql`t.updated_at`)}
        where t.id = any(${sql.param(ids)}::uuid[]) and t.deleted_at is ${deleted ? sql`null` : sql`not null`}
        returning t.id`,
  )
  return rows.length
}
