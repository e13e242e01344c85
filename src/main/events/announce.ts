import { getTableColumns, sql } from 'drizzle-orm'
import type { SaveResult } from '../../shared/schemas/common'
import { resourceNames, type ResourceName } from '../../shared/schemas/resources'
import type { CallContext, Handlers } from '../api'
import type { Executor, RosterDb } from '../db/client'
import type { ServedResource } from '../resources/serve'
import { isoText } from '../services/list-query'
import { CHANGES_CHANNEL, MAX_NOTICE_ROWS, type ChangeNotice } from './notice'

/** Who announces a save: this Roster instance, and an alias for the window or tab that made it. */
export interface Announcer {
  readonly instanceId: string
  aliasOf(clientId: string | undefined): string | null
}

type AnySaveBatch = Parameters<ServedResource['save']>[1]

/** The rows a committed save wrote: updated, deleted, restored and inserted, by id. */
export function changedIds(batch: AnySaveBatch, result: SaveResult): string[] {
  const restores = 'restores' in batch ? batch.restores : []
  return [...batch.updates, ...batch.deletes, ...restores, ...result.inserted].map((row) => row.id)
}

/** The columns a notice reads: every served table has them (checked when the handlers are built). */
function announcedColumns(served: ServedResource) {
  const { id, updatedAt } = getTableColumns(served.table)
  if (!id || !updatedAt) throw new Error(`The ${served.definition.name} table needs id and updated_at columns to announce its changes`)
  return { id, updatedAt }
}

/**
 * NOTIFYs every Roster listening on this database of `ids` of `served`'s table, each with the
 * `updatedAt` the transaction gave it, as the grid reads it (null: the row is gone). Sent on `tx`,
 * so PostgreSQL delivers it when the transaction commits and never when it rolls back. One
 * statement: the stamps are read and the payload is built where the rows are.
 */
export async function announce(tx: Executor, served: ServedResource, ids: string[], origin: { instance: string; client: string | null }): Promise<void> {
  if (ids.length === 0) return
  const { id, updatedAt } = announcedColumns(served)
  const listed = ids.slice(0, MAX_NOTICE_ROWS)
  const head = { v: 1, resource: served.definition.name, origin: origin.instance, client: origin.client, more: ids.length > listed.length } satisfies Omit<ChangeNotice, 'rows'>
  await tx.execute(sql`
    select pg_notify(${CHANGES_CHANNEL}, (${JSON.stringify(head)}::jsonb || jsonb_build_object('rows',
      coalesce(jsonb_agg(jsonb_build_array(changed.id, ${isoText(updatedAt)}) order by changed.n), '[]'::jsonb)))::text)
    from unnest(${sql.param(listed)}::uuid[]) with ordinality as changed(id, n)
    left join ${served.table} on ${id} = changed.id`)
}

/** NOTIFYs that `resource` changed as a whole (rows unknown): every Roster reads it again. */
async function announceWhole(tx: Executor, resource: ResourceName, origin: { instance: string; client: string | null }): Promise<void> {
  const notice: ChangeNotice = { v: 1, resource, rows: [], more: true, origin: origin.instance, client: origin.client }
  await tx.execute(sql`select pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify(notice)})`)
}

/**
 * `served`'s save, announced: the notice is sent in the save's own transaction after its writes,
 * so every Roster on the database hears of the save exactly when it commits.
 */
export function announcingSave(served: ServedResource, announcer: Announcer) {
  // A table without the columns a notice reads is refused when the API is built, not at its first save.
  announcedColumns(served)
  return (db: RosterDb, batch: AnySaveBatch, context: CallContext): Promise<SaveResult> =>
    served.save(db, batch, (tx, result) =>
      announce(tx, served, changedIds(batch, result), { instance: announcer.instanceId, client: announcer.aliasOf(context.clientId) }),
    )
}

type ImportApply = Handlers['imports.apply']

/**
 * The import handlers, with `imports.apply` announced: an import may write any resource's rows, so
 * each resource is announced as changed as a whole (`more`). The import's transaction is its own
 * (src/main/imports/staging.ts), so this notice follows its commit rather than riding in it: a
 * process ending between the two would leave the others to see the import on Reload or focus.
 */
export function announcingImport<H extends { 'imports.apply': ImportApply }>(handlers: H, openDb: () => RosterDb, announcer: Announcer): H {
  const apply: ImportApply = async (input, context) => {
    const result = await handlers['imports.apply'](input, context)
    const db = openDb()
    const origin = { instance: announcer.instanceId, client: announcer.aliasOf(context.clientId) }
    await db.transaction(async (tx) => {
      for (const resource of resourceNames) await announceWhole(tx, resource, origin)
    })
    return result
  }
  return { ...handlers, 'imports.apply': apply }
}
