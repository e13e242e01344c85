import { getTableName, sql, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import { nextUpdatedAt } from '../db/schema/columns'
import { queryRows, type Executor } from '../db/client'
import { ApiFailure } from '../errors'
import type { FieldError } from '../../shared/result'

/** A column a batch update may set: its property name, SQL name and type. */
export interface UpdatableColumn {
  key: string
  column: string
  type: 'text' | 'uuid' | 'boolean'
}

export interface RowUpdate {
  id: string
  updatedAt: string
  overwrite: boolean
  changes: Record<string, unknown>
}

/**
 * Applies many rows' changes in ONE statement (UPDATE … FROM (VALUES …)): each row sets only the
 * columns it changed, and only if it still has the `updated_at` it was read with (unless the
 * user chose to overwrite). Returns the ids actually updated; the caller decides about the rest.
 */
export async function bulkUpdate(
  tx: Executor,
  table: PgTable,
  columns: UpdatableColumn[],
  rows: RowUpdate[],
  options: { liveOnly: boolean },
): Promise<Set<string>> {
  const updated = new Set<string>()
  const chunkSize = Math.max(1, Math.floor(30_000 / (3 + 2 * columns.length)))
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize)
    const values = sql.join(
      chunk.map((row) => {
        const cells: SQL[] = [sql`${row.id}::uuid`, sql`${row.updatedAt}::timestamptz`, sql`${row.overwrite}::boolean`]
        for (const c of columns) {
          const has = c.key in row.changes
          cells.push(sql`${has}::boolean`, sql`${has ? row.changes[c.key] : null}::${sql.raw(c.type)}`)
        }
        return sql`(${sql.join(cells, sql`, `)})`
      }),
      sql`, `,
    )
    const names = ['id', 'read_at', 'overwrite', ...columns.flatMap((c) => [`has_${c.column}`, c.column])]
    const assignments = columns.map(
      (c) => sql`${sql.identifier(c.column)} = case when v.${sql.identifier(`has_${c.column}`)} then v.${sql.identifier(c.column)} else t.${sql.identifier(c.column)} end`,
    )
    const result = await queryRows<{ id: string }>(
      tx,
      sql`update ${sql.identifier(getTableName(table))} as t
          set ${sql.join([...assignments, sql`updated_at = ${nextUpdatedAt(sql`t.updated_at`)}`], sql`, `)}
          from (values ${values}) as v(${sql.join(names.map((n) => sql.identifier(n)), sql`, `)})
          where t.id = v.id and (v.overwrite or t.updated_at = v.read_at)
          ${options.liveOnly ? sql`and t.deleted_at is null` : sql``}
          returning t.id`,
    )
    for (const r of result) updated.add(r.id)
  }
  return updated
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
  const hasDeletedAt = 'deletedAt' in (table as unknown as Record<string, unknown>)
  const found = await queryRows<{ id: string; name: string; deleted: boolean }>(
    tx,
    sql`select id, name, ${hasDeletedAt ? sql`deleted_at is not null` : sql`false`} as deleted
        from ${sql.identifier(getTableName(table))} where id = any(${sql.param(missed.map((r) => r.id))}::uuid[])`,
  )
  const byId = new Map(found.map((f) => [f.id, f]))
  const errors: FieldError[] = missed.map((row) => {
    const current = byId.get(row.id)
    const message = !current
      ? `This ${label} no longer exists: someone deleted it. Reload the list.`
      : current.deleted
        ? `${current.name} was deleted by someone else. Restore it or reload the list.`
        : `${current.name} was changed by someone else since you loaded it — reload it or overwrite?`
    return { rowId: row.id, field: '_row', message }
  })
  const first = errors[0]!
  const message = errors.length === 1 ? first.message : `${errors.length} rows were changed by someone else since you loaded them — reload them or overwrite?`
  throw new ApiFailure(byId.size === 0 ? 'not_found' : 'conflict', message, errors)
}

/** Soft-deletes or restores rows; returns how many changed state. */
export async function setDeleted(tx: Executor, table: PgTable, ids: string[], deleted: boolean): Promise<number> {
  if (ids.length === 0) return 0
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`update ${sql.identifier(getTableName(table))} as t
        set deleted_at = ${deleted ? sql`date_trunc('milliseconds', clock_timestamp())` : sql`null`},
            updated_at = ${nextUpdatedAt(sql`t.updated_at`)}
        where t.id = any(${sql.param(ids)}::uuid[]) and t.deleted_at is ${deleted ? sql`null` : sql`not null`}
        returning t.id`,
  )
  return rows.length
}
