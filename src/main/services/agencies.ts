import { randomUUID } from 'node:crypto'
import { and, count, eq, ilike, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { ListResult, SaveResult } from '../../shared/schemas/common'
import { agencyInsert, agencyListQuery, agencySaveBatch, agencyUpdate, type AgencyRow, type AgencySortColumn } from '../../shared/schemas/agencies'
import type { Executor, RosterDb } from '../db/client'
import { pgErrorOf } from '../db/pg-sentences'
import { agencies } from '../db/schema/agencies'
import { agencyUserCounts } from '../db/schema/agency-user-counts'
import { users } from '../db/schema/users'
import { ApiFailure } from '../api-failure'
import { exportSelectOf, type ExportChoice, type ExportSelect } from '../csv/export-selects'
import { checkRules, noNameProblems, requiredOf, type ImportSpec } from '../imports/specs'
import { serveResource } from '../resources/serve'
import type { FieldError } from '../../shared/result'
import { type BeforeCommit, bulkUpdate, refuseStaleUpdates, saveTransaction, setDeleted } from './batch'
import { duplicateErrors, refuseAll } from './staged-duplicates'
import type { SeekableKey } from './deep-page-seek'
import { runList } from './list-pages'
import { dateCondition, textCondition, uuidList } from './filter-conditions'
import { containsPattern, filtersInForce, isoText, isoTimestamp, orderBy, qualified as q, requestedOrder, type ListOrder, type NamedFilters } from './list-query'
import { exactCount } from './list-total'
import { inPlace, StatementRegistry, type Bind } from './statement-registry'

type AgencyListQuery = z.output<typeof agencyListQuery>
type AgencySaveBatch = z.output<typeof agencySaveBatch>

// Live users per agency, as the triggers keep them counted (agency-user-counts.ts): a row or two
// per agency, read through its index. Counting the users instead read each agency's entries: at
// 10M users 117–231 ms a page by name, 844 ms sorted by Users (every agency counted).
const userCount = sql<number>`(select coalesce(sum(${q(agencyUserCounts.delta)}), 0)::int from ${agencyUserCounts} where ${q(agencyUserCounts.agencyId)} = ${q(agencies.id)})`

const sortKeys: Record<AgencySortColumn, SeekableKey> = {
  name: { expr: agencies.name, type: 'text', nullable: false, stats: { table: 'agencies', column: 'name' } },
  userCount: { expr: userCount, type: 'bigint', nullable: false },
  createdAt: { expr: agencies.createdAt, type: 'timestamptz', nullable: false, stats: { table: 'agencies', column: 'created_at' }, rangeFilter: 'createdAt' },
  updatedAt: { expr: agencies.updatedAt, type: 'timestamptz', nullable: false, stats: { table: 'agencies', column: 'updated_at' }, rangeFilter: 'updatedAt' },
}

/** How the agencies list orders its rows; its CSV export reads them in the same order. */
const agencyOrder: ListOrder<AgencySortColumn, SeekableKey> = {
  sortKeys,
  idKey: { expr: agencies.id, type: 'uuid', nullable: false },
  defaultSort: [{ column: 'name', direction: 'asc' }],
}

/** Each filter in force under its own name: the names key the list's prepared statements (and the CSV export's WHERE). */
function filters(query: AgencyListQuery, bind: Bind): NamedFilters {
  const deleted = query.filters.deleted ?? 'exclude'
  return {
    live: deleted === 'exclude' ? isNull(agencies.deletedAt) : undefined,
    deletedOnly: deleted === 'only' ? isNotNull(agencies.deletedAt) : undefined,
    ids: query.filters.ids ? sql`${agencies.id} = any(${uuidList(query.filters.ids, bind)})` : undefined,
    ...textCondition('name', agencies.name, query.filters.name, bind),
    ...dateCondition('createdAt', agencies.createdAt, query.filters.createdAt, bind),
    ...dateCondition('updatedAt', agencies.updatedAt, query.filters.updatedAt, bind),
    search: query.search ? ilike(agencies.name, bind(containsPattern(query.search))) : undefined,
  }
}

const conditions = (query: AgencyListQuery, bind: Bind): SQL | undefined => filtersInForce(filters(query, bind)).where

const agencyPages = new StatementRegistry<AgencyRow>()

export async function countAgencies(db: RosterDb, query: AgencyListQuery): Promise<number> {
  return exactCount(db, db.select({ one: sql`1` }).from(agencies).where(conditions(query, inPlace)))
}

export async function listAgencies(db: RosterDb, query: AgencyListQuery): Promise<ListResult<AgencyRow>> {
  const fields = {
    id: agencies.id,
    name: agencies.name,
    userCount,
    createdAt: isoTimestamp(agencies.createdAt),
    updatedAt: isoTimestamp(agencies.updatedAt),
    deletedAt: isoTimestamp(agencies.deletedAt),
  }
  return runList<AgencyRow, AgencySortColumn>(
    {
      name: 'agencies',
      db,
      statements: agencyPages,
      ...agencyOrder,
      filters: (bind) => filters(query, bind),
      scopes: ['live', 'deletedOnly'],
      page: ({ where, order, limit, offset }) =>
        db
          .select(fields)
          .from(agencies)
          .where(where)
          .orderBy(...order)
          .limit(limit)
          .offset(offset),
      matching: (where) => db.select({ one: sql`1` }).from(agencies).where(where),
    },
    query,
  )
}

/** Applies a batch of agency changes in one transaction: all or nothing. */
export async function saveAgencies(db: RosterDb, batch: AgencySaveBatch, beforeCommit?: BeforeCommit): Promise<SaveResult> {
  try {
    return await saveTransaction(db, beforeCommit, async (tx) => {
      // Every reason to refuse the batch, found before anything is written.
      const held = await deletesHeldByUsers(tx, batch.deletes.map((d) => d.id))
      const names = await duplicateNames(tx, batch)
      refuseAll([...held, ...names], (n) =>
        names.length === 0 ? `${n} agencies still have users and cannot be deleted.` : `${n} agencies cannot be saved: see the marked rows.`,
      )
      const deleted = await setDeleted(tx, agencies, batch.deletes.map((d) => d.id), true)
      const restored = await setDeleted(tx, agencies, batch.restores.map((r) => r.id), false)
      const updated = await bulkUpdate(tx, agencies, ['name'], batch.updates, {
        liveOnly: true,
      })
      await refuseStaleUpdates(tx, agencies, 'agency', batch.updates, updated)
      const inserted = batch.inserts.map((row) => ({ clientId: row.clientId, id: randomUUID() }))
      if (inserted.length > 0) {
        await tx.insert(agencies).values(batch.inserts.map((row, i) => ({ id: inserted[i]!.id, name: row.name })))
      }
      return { inserted, updated: updated.size, deleted, restored }
    })
  } catch (error) {
    throw await explainFailure(db, batch, error)
  }
}

/** An agency that live users still belong to cannot be deleted; the row is locked so none join meanwhile. */
async function deletesHeldByUsers(tx: Executor, ids: string[]): Promise<FieldError[]> {
  if (ids.length === 0) return []
  const held = await tx
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(inArray(agencies.id, ids))
    .for('update')
  const counts = await tx
    .select({ agencyId: users.agencyId, n: count() })
    .from(users)
    .where(and(inArray(users.agencyId, ids), isNull(users.deletedAt)))
    .groupBy(users.agencyId)
  const byId = new Map(held.map((a) => [a.id, a.name]))
  const errors = counts.map((c) => {
    const name = byId.get(c.agencyId!) ?? 'This agency'
    const message = `${name} still has ${c.n} user${c.n === 1 ? '' : 's'}. Move ${c.n === 1 ? 'that user' : 'them'} to another agency or delete ${c.n === 1 ? 'it' : 'them'} first.`
    return { rowId: c.agencyId!, field: '_row', message }
  })
  return errors
}

/** Names the batch gives that another of its rows, or a saved agency (deleted ones too), already has. */
async function duplicateNames(tx: Executor, batch: AgencySaveBatch): Promise<FieldError[]> {
  const staged = [
    ...batch.inserts.map((r) => ({ rowId: r.clientId, value: r.name })),
    ...batch.updates.flatMap((u) => (u.changes.name === undefined ? [] : [{ rowId: u.id, value: u.changes.name }])),
  ]
  if (staged.length === 0) return []
  const holders = await tx
    .select({ id: agencies.id, value: agencies.name, deletedAt: agencies.deletedAt })
    .from(agencies)
    .where(inArray(agencies.name, [...new Set(staged.map((s) => s.value))]))
  const deleted = new Set(holders.filter((h) => h.deletedAt).map((h) => h.id))
  return duplicateErrors({
    staged,
    field: 'name',
    normalize: (name) => name,
    holders,
    leaving: new Set(batch.updates.filter((u) => u.changes.name !== undefined).map((u) => u.id)),
    sharedInBatch: (name) => `${name} is used by more than one agency in this save`,
    taken: (name, holder) =>
      deleted.has(holder.id) ? `An agency named ${name} was deleted: show deleted agencies and restore it instead` : `An agency named ${name} already exists`,
  })
}

/** Turns a refused write into a sentence; a name held by a deleted agency says how to get it back. */
async function explainFailure(db: RosterDb, batch: AgencySaveBatch, error: unknown): Promise<unknown> {
  const pg = pgErrorOf(error)
  if (pg?.code !== '23505' || pg.constraint !== 'agencies_name_unique') return error
  const name = /=\((.*)\) already exists/.exec(pg.detail ?? '')?.[1] ?? ''
  const [holder] = name ? await db.select({ deletedAt: agencies.deletedAt }).from(agencies).where(eq(agencies.name, name)) : []
  const message = !name
    ? 'That agency name is already used'
    : holder?.deletedAt
      ? `An agency named ${name} was deleted: show deleted agencies and restore it instead`
      : `An agency named ${name} already exists`
  const rows = [
    ...batch.inserts.filter((r) => r.name === name).map((r) => r.clientId),
    ...batch.updates.filter((u) => u.changes.name === name).map((u) => u.id),
  ]
  return new ApiFailure('constraint', message, rows.map((rowId) => ({ rowId, field: 'name', message })))
}

/** A CSV export of an agencies view. */
function exportAgencies(db: RosterDb, choice: ExportChoice): ExportSelect {
  const query = agencyListQuery.parse(choice.query)
  return exportSelectOf('agencies', choice, {
    showsDeleted: (query.filters.deleted ?? 'exclude') !== 'exclude',
    cells: {
      name: agencies.name,
      userCount,
      createdAt: isoText(agencies.createdAt),
      updatedAt: isoText(agencies.updatedAt),
      deletedAt: isoText(agencies.deletedAt),
    },
    rows: (fields) =>
      db
        .select(fields)
        .from(agencies)
        .where(filtersInForce(filters(query, inPlace)).where)
        .orderBy(...orderBy(requestedOrder(agencyOrder, query.sort))),
  })
}

/** How a CSV import reads and writes agencies (src/main/imports): matched by name. */
const agenciesImport: ImportSpec = {
  resource: 'agencies',
  noun: 'agency',
  columns: [{ name: 'name', type: 'text' }],
  updatable: [],
  required: requiredOf(agencyInsert, ['name']),
  convert(cells, mode) {
    const name = cells.get('name') ?? ''
    const problems = checkRules(agencyInsert, agencyUpdate.shape.changes, mode, { name })
    const key = problems.length > 0 ? null : name.trim()
    return { key, values: [key], problems }
  },
  matchJoin: sql`join (select id, updated_at, name as label, deleted_at is not null as deleted from agencies) t on t.label = r.key`,
  notFound: (name) => `No agency is named ${name}: choose "Insert and update" to add it`,
  taken: (name, _key, deleted) =>
    deleted ? `An agency named ${name} was deleted: show deleted agencies and restore it instead` : `An agency named ${name} already exists`,
  nameProblems: noNameProblems,
  async write(tx) {
    await tx.execute(sql`insert into agencies (id, name) select new_id, name from import_rows where target_id is null`)
    return 0
  },
}

export const served = serveResource('agencies', agencies, {
  list: listAgencies,
  count: countAgencies,
  save: saveAgencies,
  exportSelect: exportAgencies,
  importSpec: agenciesImport,
})
