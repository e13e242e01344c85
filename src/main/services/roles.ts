import { randomUUID } from 'node:crypto'
import { ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { ListResult, SaveResult } from '../../shared/schemas/common'
import { roleFieldRules, roleInsert, roleListQuery, roleSaveBatch, roleUpdate, type RoleRow, type RoleSortColumn } from '../../shared/schemas/roles'
import { queryRows, type Executor, type RosterDb } from '../db/client'
import { pgErrorOf } from '../db/pg-sentences'
import { nextUpdatedAt } from '../db/schema/columns'
import { roleAssignmentCounts } from '../db/schema/role-assignment-counts'
import { roles } from '../db/schema/roles'
import { ApiFailure } from '../api-failure'
import { exportSelectOf, type ExportChoice, type ExportSelect } from '../csv/export-selects'
import { checkRules, noNameProblems, requiredOf, type ImportSpec } from '../imports/specs'
import { serveResource } from '../resources/serve'
import type { FieldError } from '../../shared/result'
import { type BeforeCommit, bulkUpdate, refuseStaleUpdates, saveTransaction } from './batch'
import { duplicateErrors, refuseAll } from './staged-duplicates'
import type { SeekableKey } from './deep-page-seek'
import { runList } from './list-pages'
import { dateCondition, textCondition, uuidList } from './filter-conditions'
import { containsPattern, filtersInForce, isoText, isoTimestamp, orderBy, qualified as q, requestedOrder, type ListOrder, type NamedFilters } from './list-query'
import { exactCount } from './list-total'
import { inPlace, StatementRegistry, type Bind } from './statement-registry'

type RoleListQuery = z.output<typeof roleListQuery>
type RoleSaveBatch = z.output<typeof roleSaveBatch>

// Live users holding the role, as the triggers keep them counted (role-assignment-counts.ts): a
// row or two per role. Counting the assignments instead reads all of them: at 10M users, 20M
// entries and 5 s for the roles' first page.
const userCount = sql<number>`(select coalesce(sum(${q(roleAssignmentCounts.delta)}), 0)::int from ${roleAssignmentCounts} where ${q(roleAssignmentCounts.roleId)} = ${q(roles.id)})`

const sortKeys: Record<RoleSortColumn, SeekableKey> = {
  name: { expr: roles.name, type: 'text', nullable: false, stats: { table: 'roles', column: 'name' } },
  description: { expr: roles.description, type: 'text', nullable: true },
  userCount: { expr: userCount, type: 'bigint', nullable: false },
  createdAt: { expr: roles.createdAt, type: 'timestamptz', nullable: false, stats: { table: 'roles', column: 'created_at' }, rangeFilter: 'createdAt' },
  updatedAt: { expr: roles.updatedAt, type: 'timestamptz', nullable: false, stats: { table: 'roles', column: 'updated_at' }, rangeFilter: 'updatedAt' },
}

/** How the roles list orders its rows; its CSV export reads them in the same order. */
const roleOrder: ListOrder<RoleSortColumn, SeekableKey> = {
  sortKeys,
  idKey: { expr: roles.id, type: 'uuid', nullable: false },
  defaultSort: [{ column: 'name', direction: 'asc' }],
}

/** Each filter in force under its own name: the names key the list's prepared statements (and the CSV export's WHERE). */
function filters(query: RoleListQuery, bind: Bind): NamedFilters {
  const f = query.filters
  const contains = (term: string) => bind(containsPattern(term))
  return {
    ids: f.ids ? sql`${roles.id} = any(${uuidList(f.ids, bind)})` : undefined,
    ...textCondition('name', roles.name, f.name, bind),
    ...textCondition('description', roles.description, f.description, bind),
    ...dateCondition('createdAt', roles.createdAt, f.createdAt, bind),
    ...dateCondition('updatedAt', roles.updatedAt, f.updatedAt, bind),
    search: query.search ? or(ilike(roles.name, contains(query.search)), ilike(roles.description, contains(query.search))) : undefined,
  }
}

const conditions = (query: RoleListQuery, bind: Bind): SQL | undefined => filtersInForce(filters(query, bind)).where

const roleFields = {
  id: roles.id,
  name: roles.name,
  description: roles.description,
  userCount,
  createdAt: isoTimestamp(roles.createdAt),
  updatedAt: isoTimestamp(roles.updatedAt),
}

const rolePages = new StatementRegistry<RoleRow>()

export async function countRoles(db: RosterDb, query: RoleListQuery): Promise<number> {
  return exactCount(db, db.select({ one: sql`1` }).from(roles).where(conditions(query, inPlace)))
}

export async function listRoles(db: RosterDb, query: RoleListQuery): Promise<ListResult<RoleRow>> {
  return runList<RoleRow, RoleSortColumn>(
    {
      name: 'roles',
      db,
      ...roleOrder,
      statements: rolePages,
      filters: (bind) => filters(query, bind),
      scopes: [],
      page: ({ where, order, limit, offset }) =>
        db.select(roleFields).from(roles).where(where).orderBy(...order).limit(limit).offset(offset),
      matching: (where) => db.select({ one: sql`1` }).from(roles).where(where),
    },
    query,
  )
}

/** Applies a batch of role changes in one transaction. Roles are deleted for real; their assignments go with them. */
export async function saveRoles(db: RosterDb, batch: RoleSaveBatch, beforeCommit?: BeforeCommit): Promise<SaveResult> {
  try {
    return await saveTransaction(db, beforeCommit, async (tx) => {
      refuseAll(await duplicateNames(tx, batch), (n) => `${n} role names are already used: see the marked rows.`)
      let deleted = 0
      if (batch.deletes.length > 0) {
        const gone = await tx.delete(roles).where(inArray(roles.id, batch.deletes.map((d) => d.id))).returning({ id: roles.id })
        deleted = gone.length
      }
      const updated = await bulkUpdate(
        tx,
        roles,
        ['name', 'description'],
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

/** Names the batch gives that another of its rows, or a saved role, already has (found before writing). */
async function duplicateNames(tx: Executor, batch: RoleSaveBatch): Promise<FieldError[]> {
  const staged = [
    ...batch.inserts.map((r) => ({ rowId: r.clientId, value: r.name })),
    ...batch.updates.flatMap((u) => (u.changes.name === undefined ? [] : [{ rowId: u.id, value: u.changes.name }])),
  ]
  if (staged.length === 0) return []
  const holders = await tx.select({ id: roles.id, value: roles.name }).from(roles).where(inArray(roles.name, [...new Set(staged.map((s) => s.value))]))
  return duplicateErrors({
    staged,
    field: 'name',
    normalize: (name) => name,
    holders,
    // A role renamed or deleted in this batch may free its name; the transaction decides.
    leaving: new Set([...batch.updates.filter((u) => u.changes.name !== undefined).map((u) => u.id), ...batch.deletes.map((d) => d.id)]),
    sharedInBatch: (name) => `${name} is used by more than one role in this save`,
    taken: (name) => `A role named ${name} already exists`,
  })
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

/** A CSV export of a roles view. */
function exportRoles(db: RosterDb, choice: ExportChoice): ExportSelect {
  const query = roleListQuery.parse(choice.query)
  return exportSelectOf('roles', choice, {
    showsDeleted: false,
    cells: {
      name: roles.name,
      description: roles.description,
      userCount,
      createdAt: isoText(roles.createdAt),
      updatedAt: isoText(roles.updatedAt),
    },
    rows: (fields) =>
      db
        .select(fields)
        .from(roles)
        .where(conditions(query, inPlace))
        .orderBy(...orderBy(requestedOrder(roleOrder, query.sort))),
  })
}

/** How a CSV import reads and writes roles (src/main/imports): matched by name. */
const rolesImport: ImportSpec = {
  resource: 'roles',
  noun: 'role',
  columns: [
    { name: 'name', type: 'text' },
    { name: 'description', type: 'text' },
  ],
  updatable: ['description'],
  required: requiredOf(roleInsert, ['name', 'description']),
  convert(cells, mode) {
    const input: Record<string, unknown> = { name: cells.get('name') ?? '' }
    if (cells.has('description')) input.description = cells.get('description')
    const problems = checkRules(roleInsert, roleUpdate.shape.changes, mode, input)
    const key = problems.some((p) => p.field === 'name') ? null : String(input.name).trim()
    const description = roleFieldRules.description.safeParse(cells.get('description') ?? '')
    return { key, values: [key, description.success ? description.data : null], problems }
  },
  matchJoin: sql`join (select id, updated_at, name as label, false as deleted from roles) t on t.label = r.key`,
  notFound: (name) => `No role is named ${name}: choose "Insert and update" to add it`,
  taken: (name) => `A role named ${name} already exists`,
  nameProblems: noNameProblems,
  async write(tx, mapped, updates) {
    await tx.execute(sql`insert into roles (id, name, description) select new_id, name, description from import_rows where target_id is null`)
    if (!updates || !mapped.has('description')) return 0
    const changed = await queryRows(
      tx,
      z.object({ id: z.string() }),
      sql`update roles t set description = r.description, updated_at = ${nextUpdatedAt(sql`t.updated_at`)}
          from import_rows r where t.id = r.target_id and t.updated_at = r.read_at returning t.id`,
    )
    return changed.length
  },
}

export const served = serveResource('roles', roles, {
  list: listRoles,
  count: countRoles,
  save: saveRoles,
  exportSelect: exportRoles,
  importSpec: rolesImport,
})
