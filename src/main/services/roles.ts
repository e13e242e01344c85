import { randomUUID } from 'node:crypto'
import { and, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { ListResult, SaveResult } from '../../shared/domain/common'
import { roleListQuery, roleSaveBatch, type RoleRow, type RoleSortColumn } from '../../shared/domain/roles'
import type { RosterDb } from '../db/client'
import { pgErrorOf } from '../db/errors'
import { roles } from '../db/schema'
import { ApiFailure } from '../errors'
import { bulkUpdate, refuseStaleUpdates } from './batch'
import { apiFields, containsPattern } from './listing'
import { exactCount, runList, type SeekableKey } from './paging'
import { inPlace, type Bind } from './statements'

type RoleListQuery = z.output<typeof roleListQuery>
type RoleSaveBatch = z.output<typeof roleSaveBatch>

// Live users holding the role: all its assignments (an index-only count on user_roles.role_id)
// less those of soft-deleted users (few, found through users_deleted_at_idx). Joining every
// assignment to users instead costs seconds per role on millions of rows.
// Qualified by hand: inside a subquery Drizzle would print bare column names that bind to the inner tables.
const userCount = sql<number>`((select count(*) from user_roles ur where ur.role_id = "roles"."id")
  - (select count(*) from users u join user_roles ur on ur.user_id = u.id
     where u.deleted_at is not null and ur.role_id = "roles"."id"))::int`

const sortKeys: Record<RoleSortColumn, SeekableKey> = {
  name: { expr: roles.name, type: 'text', nullable: false, stats: { table: 'roles', column: 'name' } },
  description: { expr: roles.description, type: 'text', nullable: true },
  userCount: { expr: userCount, type: 'bigint', nullable: false },
  createdAt: { expr: roles.createdAt, type: 'timestamptz', nullable: false, stats: { table: 'roles', column: 'created_at' } },
  updatedAt: { expr: roles.updatedAt, type: 'timestamptz', nullable: false, stats: { table: 'roles', column: 'updated_at' } },
}

function conditions(query: RoleListQuery, bind: Bind): SQL | undefined {
  const f = query.filters
  const contains = (term: string) => bind(containsPattern(term))
  return and(
    f.name ? ilike(roles.name, contains(f.name)) : undefined,
    f.description ? ilike(roles.description, contains(f.description)) : undefined,
    query.search ? or(ilike(roles.name, contains(query.search)), ilike(roles.description, contains(query.search))) : undefined,
  )
}

export async function countRoles(db: RosterDb, query: RoleListQuery): Promise<number> {
  return exactCount(db, db.select({ one: sql`1` }).from(roles).where(conditions(query, inPlace)))
}

export async function listRoles(db: RosterDb, query: RoleListQuery): Promise<ListResult<RoleRow>> {
  return runList<RoleRow, RoleSortColumn>(
    {
      name: 'roles',
      db,
      sortKeys,
      idKey: { expr: roles.id, type: 'uuid', nullable: false },
      defaultSort: [{ column: 'name', direction: 'asc' }],
      where: (bind) => conditions(query, bind),
      source: () =>
        db
          .select(
            apiFields({
              id: roles.id,
              name: roles.name,
              description: roles.description,
              userCount,
              createdAt: roles.createdAt,
              updatedAt: roles.updatedAt,
            }),
          )
          .from(roles)
          .$dynamic(),
      instants: ['createdAt', 'updatedAt'],
      matching: (where) => db.select({ one: sql`1` }).from(roles).where(where),
    },
    query,
  )
}

/** Applies a batch of role changes in one transaction. Roles are deleted for real; their assignments go with them. */
export async function saveRoles(db: RosterDb, batch: RoleSaveBatch): Promise<SaveResult> {
  try {
    return await db.transaction(async (tx) => {
      let deleted = 0
      if (batch.deletes.length > 0) {
        const gone = await tx.delete(roles).where(inArray(roles.id, batch.deletes.map((d) => d.id))).returning({ id: roles.id })
        deleted = gone.length
      }
      const updated = await bulkUpdate(
        tx,
        roles,
        [
          { key: 'name', column: 'name', type: 'text' },
          { key: 'description', column: 'description', type: 'text' },
        ],
        batch.updates,
        { liveOnly: false },
      )
      await refuseStaleUpdates(tx, roles, 'role', batch.updates, updated)
      const inserted = batch.inserts.map((row) => ({ clientId: row.clientId, id: randomUUID() }))
      if (inserted.length > 0) {
        await tx
          .insert(roles)
          .values(batch.inserts.map((row, i) => ({ id: inserted[i]!.id, name: row.name, description: row.description ?? null })))
      }
      return { inserted, updated: updated.size, deleted, restored: 0 }
    })
  } catch (error) {
    throw explainFailure(batch, error)
  }
}

function explainFailure(batch: RoleSaveBatch, error: unknown): unknown {
  const pg = pgErrorOf(error)
  if (pg?.code !== '23505' || pg.constraint !== 'roles_name_unique') return error
  const name = /=\((.*)\) already exists/.exec(pg.detail ?? '')?.[1] ?? ''
  const message = name ? `A role named ${name} already exists` : 'That role name is already used'
  const rows = [
    ...batch.inserts.filter((r) => r.name === name).map((r) => r.clientId),
    ...batch.updates.filter((u) => u.changes.name === name).map((u) => u.id),
  ]
  return new ApiFailure('constraint', message, rows.map((rowId) => ({ rowId, field: 'name', message })))
}
