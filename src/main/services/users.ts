import { randomUUID } from 'node:crypto'
import { unionAll, type SelectedFields } from 'drizzle-orm/pg-core'
import { and, eq, getTableColumns, getTableName, ilike, inArray, isNotNull, isNull, or, sql, type Placeholder, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { CSV_LIST_SEPARATOR } from '../../shared/csv-columns'
import type { ListResult, SaveResult, SortDirection } from '../../shared/schemas/common'
import type { SetCondition } from '../../shared/schemas/filters'
import { userListQuery, userSaveBatch, type UserRow, type UserSortColumn } from '../../shared/schemas/users'
import type { FieldError } from '../../shared/result'
import type { Executor, RosterDb } from '../db/client'
import { pgErrorOf } from '../db/pg-sentences'
import { agencies } from '../db/schema/agencies'
import { agencyUserCounts } from '../db/schema/agency-user-counts'
import { roleAssignmentCounts } from '../db/schema/role-assignment-counts'
import { roles } from '../db/schema/roles'
import { userRoles, users } from '../db/schema/users'
import { ApiFailure } from '../api-failure'
import { exportSelectOf, type ExportChoice, type ExportSelect } from '../csv/export-selects'
import { usersImport } from './users-import'
import { serveResource } from '../resources/serve'
import { type BeforeCommit, type UpdatableKey, bulkUpdate, refuseStaleUpdates, saveTransaction, setDeleted } from './batch'
import { duplicateErrors, refuseAll } from './staged-duplicates'
import type { SeekableKey } from './deep-page-seek'
import { runList, type PageParts } from './list-pages'
import { agenciesWalked, ON_USER_ENTRIES, usersByAgencyIds } from './users-by-agency'
import { prefixStretches } from './prefix-stretches'
import { aheadOfDateRange, booleanCondition, dateCondition, referenceCondition, referenceNameCondition, textCondition, uuidList } from './filter-conditions'
import { containsPattern, filtersInForce, isoText, isoTimestamp, orderBy, qualified as q, requestedOrder, type ListOrder, type NamedFilters } from './list-query'
import { exactCount } from './list-total'
import { inPlace, StatementRegistry, type Bind } from './statement-registry'

type UserListQuery = z.output<typeof userListQuery>
type UserSaveBatch = z.output<typeof userSaveBatch>

/** users_agency_name_idx, users_agency_email_idx and users_agency_id_idx: (agency, [name or email,] id, deleted, active). */
const byAgency = { column: users.agencyId, by: ['agencyId:is', 'agencyId:none', 'agencyName:empty'], covering: ['isActive'] }

/**
 * A name's or an email's start (or the whole of it) picks one stretch of the name order, and of the
 * email order too: people's emails are mostly made of their names.
 */
const byNameText = ['name:startsWith', 'name:equals', 'email:startsWith', 'email:equals']

const sortKeys: Record<UserSortColumn, SeekableKey> = {
  name: {
    expr: users.name,
    type: 'text',
    nullable: false,
    stats: { table: 'users', column: 'name' },
    orderedWithin: byAgency,
    bunchedBy: byNameText,
    entryFilters: ON_USER_ENTRIES,
  },
  email: {
    expr: users.email,
    type: 'text',
    nullable: false,
    stats: { table: 'users', column: 'email' },
    orderedWithin: byAgency,
    bunchedBy: byNameText,
    entryFilters: ON_USER_ENTRIES,
  },
  agencyName: {
    expr: agencies.name,
    type: 'text',
    nullable: true,
    pinnedBy: ['agencyId:is', 'agencyId:none', 'agencyName:empty'],
    pinnedOrder: users.agencyId,
  },
  isActive: { expr: users.isActive, type: 'boolean', nullable: false, pinnedBy: ['isActive'] },
  // A user's updated_at is its created_at until it is first edited: a range of one lies together in the other's order.
  createdAt: {
    expr: users.createdAt,
    type: 'timestamptz',
    nullable: false,
    stats: { table: 'users', column: 'created_at' },
    rangeFilter: 'createdAt',
    bunchedBy: ['updatedAt:'],
  },
  updatedAt: {
    expr: users.updatedAt,
    type: 'timestamptz',
    nullable: false,
    stats: { table: 'users', column: 'updated_at' },
    rangeFilter: 'updatedAt',
    bunchedBy: ['createdAt:'],
  },
}

/** How the users list orders its rows; its CSV export reads them in the same order. */
const userOrder: ListOrder<UserSortColumn, SeekableKey> = {
  sortKeys,
  idKey: { expr: users.id, type: 'uuid', nullable: false, orderedWithin: byAgency },
  defaultSort: [{ column: 'name', direction: 'asc' }],
}

/** Each filter in force under its own name: the names key the list's prepared statements (and the CSV export's WHERE). */
function filters(query: UserListQuery, bind: Bind): NamedFilters {
  const f = query.filters
  const deleted = f.deleted ?? 'exclude'
  const contains = (term: string) => bind(containsPattern(term))
  return {
    live: deleted === 'exclude' ? isNull(users.deletedAt) : undefined,
    deletedOnly: deleted === 'only' ? isNotNull(users.deletedAt) : undefined,
    ...textCondition('name', users.name, f.name, bind),
    // users_email_lower_unique holds live users' lower(email).
    ...textCondition('email', users.email, f.email, bind, true),
    // By agency id, so the users index is used and no join is needed to filter.
    ...referenceNameCondition('agencyName', users.agencyId, q(agencies.name), agencyIdsNamed, f.agencyName, bind),
    ...referenceCondition('agencyId', users.agencyId, f.agencyId, bind),
    ...booleanCondition('isActive', users.isActive, f.isActive, bind),
    ...roleCondition(f.roleId, bind),
    ...dateCondition('createdAt', users.createdAt, f.createdAt, bind),
    ...dateCondition('updatedAt', users.updatedAt, f.updatedAt, bind),
    search: query.search ? or(ilike(users.name, contains(query.search)), ilike(users.email, contains(query.search))) : undefined,
  }
}

/** The filters that choose live or deleted users rather than narrow the view. */
const SCOPES = ['live', 'deletedOnly']

/** Users whose agency's name matches `condition`: a semi-join over the small agencies table. */
function agencyIdsNamed(nameMatches: SQL): SQL {
  return sql`${users.agencyId} in (select ${q(agencies.id)} from ${agencies} where ${nameMatches})`
}

/**
 * Roles held: any of (one of the roles), all of (as many of them as were asked for; the ids are
 * distinct), none of. Any of is a correlated EXISTS: in WHERE PostgreSQL still reads user_roles by
 * role first when that is cheaper (the same semi-join as `id in (…)`), and as a bounded walk's
 * per-row test (list-pages.ts) it is one index probe, where `id in (…)` over a role's 400,000
 * holders (10M users) is too large to hash and was scanned for every row walked.
 * One role is its own shape, compared with `=`: for `= any(array)` PostgreSQL estimates fewer
 * holders and, sorted by name at 10M users, chose a parallel walk of the name index (56–95 ms
 * against 12–19 ms for the plain walk it picks for `=`).
 * `rowByRow`: as a walk tests it, `offset 0` keeps PostgreSQL from turning the EXISTS into a join
 * or a hash of every holder (a role's 40,000 of 1M users hashed for a page its walk found in 2,800
 * rows: 13.3 ms against 5.4 probed row by row).
 */
function roleCondition(condition: SetCondition | undefined, bind: Bind, rowByRow = false): NamedFilters {
  if (!condition) return {}
  const [only, ...more] = condition.values
  const one = only !== undefined && more.length === 0
  const chosen = one ? sql`${q(userRoles.roleId)} = ${bind(only)}::uuid` : sql`${q(userRoles.roleId)} = any(${uuidList(condition.values, bind)})`
  const holdsOne = sql`exists (select 1 from ${userRoles} where ${q(userRoles.userId)} = ${q(users.id)} and ${chosen}${rowByRow ? sql` offset 0` : sql``})`
  const key = `roleId:${condition.op}${one ? ':one' : ''}`
  switch (condition.op) {
    case 'anyOf':
      return { [key]: holdsOne }
    case 'allOf':
      return {
        [key]: sql`${users.id} in (select ${q(userRoles.userId)} from ${userRoles} where ${chosen} group by ${q(userRoles.userId)} having count(*) = ${bind(condition.values.length)}::int)`,
      }
    case 'noneOf':
      return { [key]: sql`not ${holdsOne}` }
  }
}

/**
 * Users of a creation range sorted by update (or of an update range by creation): a user's
 * updated_at is its created_at until it is first edited, so most of the range lies in the other
 * date's order at the same dates, after the rows beyond it. An estimate's guide: pages never
 * depend on it.
 */
function aheadOfRange(query: UserListQuery, column: UserSortColumn, direction: SortDirection, bind: Bind): SQL | null | undefined {
  const range = column === 'updatedAt' ? query.filters.createdAt : column === 'createdAt' ? query.filters.updatedAt : undefined
  return range && aheadOfDateRange(column === 'updatedAt' ? users.updatedAt : users.createdAt, range, direction, bind)
}

const conditions = (query: UserListQuery, bind: Bind): SQL | undefined => filtersInForce(filters(query, bind)).where

/** A user as the grid reads it: timestamps as ISO text, role ids in order. */
const userRowFields = {
  id: users.id,
  email: users.email,
  name: users.name,
  agencyId: users.agencyId,
  agencyName: agencies.name,
  isActive: users.isActive,
  roleIds: sql<string[]>`coalesce((select array_agg(${q(userRoles.roleId)} order by ${q(userRoles.roleId)}) from ${userRoles} where ${q(userRoles.userId)} = ${q(users.id)}), '{}')`,
  createdAt: isoTimestamp(users.createdAt),
  updatedAt: isoTimestamp(users.updatedAt),
  deletedAt: isoTimestamp(users.deletedAt),
}

/** The name of the user's agency, looked up by its id. */
const agencyNameOfUser = sql<string | null>`(select ${q(agencies.name)} from ${agencies} where ${q(agencies.id)} = ${q(users.agencyId)})`

/** The users list's prepared statements, per database. */
export const userPages = new StatementRegistry<UserRow>()

/** The users a list query matches; the agency join only to compare the rows with a sort by agency name. */
function matchingUsers(db: RosterDb, where: SQL | undefined, withAgency: boolean) {
  const base = db.select({ one: sql`1` }).from(users)
  return (withAgency ? base.leftJoin(agencies, eq(users.agencyId, agencies.id)) : base).where(where)
}

export async function countUsers(db: RosterDb, query: UserListQuery): Promise<number> {
  const { names, where } = filtersInForce(filters(query, inPlace))
  const kept = keptUserTotal(db, query, names, inPlace)
  return kept ? Number((await kept)[0]?.n ?? 0) : exactCount(db, matchingUsers(db, where, false))
}

/**
 * The live users, all of them, of one role, of one agency or a few, or of none, as the triggers keep
 * their counts (role_assignment_counts, agency_user_counts): exact at any size from a few rows,
 * where counting them read every holder's row (a role's 40,000 live users of 1M: 134 ms, most of its
 * page's time), or every user (10M: ~1 s). Undefined for any other view (`names`: the filters in force).
 */
function keptUserTotal(db: RosterDb, query: UserListQuery, names: readonly string[], bind: Bind) {
  if (!names.includes('live') || names.length > 2) return undefined
  const { roleId, agencyId } = query.filters
  const kept = (table: typeof roleAssignmentCounts | typeof agencyUserCounts, which?: SQL) =>
    db.select({ n: sql<number>`coalesce(sum(${table.delta}), 0)::int` }).from(table).where(which)
  if (names.length === 1) return kept(agencyUserCounts)
  if (names.includes('agencyId:none') || names.includes('agencyName:empty')) return kept(agencyUserCounts, isNull(agencyUserCounts.agencyId))
  if (names.includes('roleId:anyOf:one')) return kept(roleAssignmentCounts, eq(roleAssignmentCounts.roleId, bind(roleId!.values[0]!)))
  if (agencyId?.op === 'is') return kept(agencyUserCounts, eq(agencyUserCounts.agencyId, bind(agencyId.value)))
  // Each agency once: one named twice must not count its users twice.
  if (agencyId?.op === 'anyOf') return kept(agencyUserCounts, sql`${agencyUserCounts.agencyId} = any(${uuidList([...new Set(agencyId.values)], bind)})`)
  return undefined
}

/** What `inOrder` reads: a page's parts, or a walk's (its limit maybe a placeholder, no offset). */
type UsersInOrder = Pick<PageParts, 'where' | 'order'> & { limit: number | Placeholder; offset?: number | Placeholder }

export async function listUsers(db: RosterDb, query: UserListQuery): Promise<ListResult<UserRow>> {
  const needsAgency = query.sort.some((s) => s.column === 'agencyName')
  // No index orders the join by agency name; a walk over the agencies' and the users' indexes does.
  const byAgencyAlone = query.sort.length === 1 && query.sort[0]!.column === 'agencyName'
  /** Some columns of the view's users (with their agency's, for a sort by its name), in the page's order. */
  const inOrder = (fields: SelectedFields, { where, order, limit, offset = 0 }: UsersInOrder) => {
    const rows = db.select(fields).from(users)
    return (needsAgency ? rows.leftJoin(agencies, eq(users.agencyId, agencies.id)) : rows).where(where).orderBy(...order).limit(limit).offset(offset)
  }
  return runList<UserRow, UserSortColumn>(
    {
      name: 'users',
      db,
      ...userOrder,
      statements: userPages,
      filters: (bind) => filters(query, bind),
      aheadOfBunch: (column, direction, bind) => aheadOfRange(query, column, direction, bind),
      scopes: SCOPES,
      source: (sample) =>
        sql`${users} ${sample ? sql`tablesample system (${sample.percent}) repeatable (${sample.seed})` : sql``} left join ${agencies} on ${q(agencies.id)} = ${q(users.agencyId)}`,
      page: ({ where, order, limit, offset, from }) =>
        from
          ? // A walk's rows come few and in order: each one's agency name looked up by its id keeps
            // them so (a join hashed every agency and sorted the page again: ~1 ms of a 3 ms page at 10M).
            db.select({ ...userRowFields, agencyName: agencyNameOfUser }).from(from).where(where).orderBy(...order).limit(limit).offset(offset)
          : db.select(userRowFields).from(users).leftJoin(agencies, eq(users.agencyId, agencies.id)).where(where).orderBy(...order).limit(limit).offset(offset),
      pageIds: (parts) => inOrder({ id: users.id }, parts),
      keysAt: (parts, keys) => inOrder(Object.fromEntries(keys.map((key, i) => [`key${i}`, sql`${key.expr}`])), parts),
      walked: ({ stretches, ...parts }) => {
        const walk = (stretch?: SQL) => inOrder(getTableColumns(users), { ...parts, where: and(parts.where, stretch) })
        const [first, second, ...more] = stretches?.map(walk) ?? [walk()]
        return (second ? unionAll(first!, second, ...more) : first!).as(getTableName(users))
      },
      stretchesOf: async (column) => (column === 'name' || column === 'email' ? prefixStretches(db, column, users[column], query.filters[column]) : null),
      matching: (where, bySortKeys) => matchingUsers(db, where, needsAgency && bySortKeys === true),
      keptTotal: (names, bind) => keptUserTotal(db, query, names, bind),
      rowTests: (bind) => roleCondition(query.filters.roleId, bind, true),
      orderedIds: byAgencyAlone ? usersByAgencyIds : undefined,
      orderedIdsGroups: () => agenciesWalked(db),
    },
    query,
  )
}

const updatableColumns: UpdatableKey<typeof users>[] = ['email', 'name', 'agencyId', 'isActive']

/** Applies a batch of user changes, roles included, in one transaction: all or nothing. */
export async function saveUsers(db: RosterDb, batch: UserSaveBatch, beforeCommit?: BeforeCommit): Promise<SaveResult> {
  try {
    return await saveTransaction(db, beforeCommit, async (tx) => {
      // Every reason to refuse the batch, found before anything is written.
      const references = await referenceErrors(tx, batch)
      const emails = await duplicateEmails(tx, batch)
      refuseAll([...references, ...emails], (n) =>
        emails.length === 0
          ? `${n} rows point at agencies or roles that are deleted or no longer exist`
          : references.length === 0
            ? `${n} emails are already used: see the marked rows.`
            : `${n} rows cannot be saved: see the marked rows.`,
      )
      const deleted = await setDeleted(tx, users, batch.deletes.map((d) => d.id), true)
      const restored = await setDeleted(tx, users, batch.restores.map((r) => r.id), false)

      const updated = await bulkUpdate(tx, users, updatableColumns, batch.updates, { liveOnly: true })
      await refuseStaleUpdates(tx, users, 'user', batch.updates, updated)

      const inserted = batch.inserts.map((row) => ({ clientId: row.clientId, id: randomUUID() }))
      if (batch.inserts.length > 0) {
        await tx.insert(users).values(
          batch.inserts.map((row, i) => ({
            id: inserted[i]!.id,
            email: row.email,
            name: row.name,
            agencyId: row.agencyId,
            isActive: row.isActive,
          })),
        )
      }

      const roleChanges = [
        ...batch.updates.flatMap((u) => (u.changes.roleIds ? [{ userId: u.id, roleIds: u.changes.roleIds }] : [])),
        ...batch.inserts.map((row, i) => ({ userId: inserted[i]!.id, roleIds: row.roleIds })),
      ]
      await replaceRoles(tx, roleChanges)
      return { inserted, updated: updated.size, deleted, restored }
    })
  } catch (error) {
    throw await explainFailure(db, batch, error)
  }
}

async function replaceRoles(tx: Executor, changes: { userId: string; roleIds: string[] }[]) {
  if (changes.length === 0) return
  await tx.delete(userRoles).where(inArray(userRoles.userId, changes.map((c) => c.userId)))
  const pairs = changes.flatMap((c) => c.roleIds.map((roleId) => ({ userId: c.userId, roleId })))
  if (pairs.length > 0) await tx.insert(userRoles).values(pairs)
}

type BatchRow = { rowId: string; agencyId?: string | null; roleIds?: string[]; email?: string }

function rowsOf(batch: UserSaveBatch): BatchRow[] {
  return [
    ...batch.inserts.map((r) => ({ rowId: r.clientId, agencyId: r.agencyId, roleIds: r.roleIds, email: r.email })),
    ...batch.updates.map((u) => ({ rowId: u.id, ...u.changes })),
  ]
}

/** Agencies and roles a batch points at must exist (and agencies be live); locked so they stay so. */
async function referenceErrors(tx: Executor, batch: UserSaveBatch): Promise<FieldError[]> {
  const rows = rowsOf(batch)
  const agencyIds = [...new Set(rows.flatMap((r) => (r.agencyId ? [r.agencyId] : [])))]
  const roleIds = [...new Set(rows.flatMap((r) => r.roleIds ?? []))]
  const errors: FieldError[] = []
  if (agencyIds.length > 0) {
    const found = await tx
      .select({ id: agencies.id, name: agencies.name, deletedAt: agencies.deletedAt })
      .from(agencies)
      .where(inArray(agencies.id, agencyIds))
      .for('share')
    const byId = new Map(found.map((a) => [a.id, a]))
    for (const r of rows) {
      if (!r.agencyId) continue
      const agency = byId.get(r.agencyId)
      if (!agency) errors.push({ rowId: r.rowId, field: 'agencyId', message: 'That agency no longer exists' })
      else if (agency.deletedAt) errors.push({ rowId: r.rowId, field: 'agencyId', message: `Agency ${agency.name} is deleted` })
    }
  }
  if (roleIds.length > 0) {
    const found = new Set(
      (await tx.select({ id: roles.id }).from(roles).where(inArray(roles.id, roleIds)).for('share')).map((r) => r.id),
    )
    for (const r of rows) {
      if (r.roleIds?.some((id) => !found.has(id))) {
        errors.push({ rowId: r.rowId, field: 'roleIds', message: 'One of the chosen roles no longer exists' })
      }
    }
  }
  if (batch.restores.length > 0) {
    // A user brought back into a deleted agency would make that agency live-with-users yet deleted.
    // The agencies are locked (not filtered by deleted_at, or unlocked rows would slip through), so
    // a concurrent agency delete either commits first and is seen here, or waits for this save and
    // then counts the restored user.
    const owners = await tx
      .select({ id: users.id, agency: agencies.name, agencyDeletedAt: agencies.deletedAt })
      .from(users)
      .innerJoin(agencies, eq(users.agencyId, agencies.id))
      .where(inArray(users.id, batch.restores.map((r) => r.id)))
      .for('share', { of: agencies })
    for (const s of owners.filter((o) => o.agencyDeletedAt)) {
      errors.push({ rowId: s.id, field: 'agencyId', message: `Agency ${s.agency} is deleted: restore it first, or move this user` })
    }
  }
  return errors
}

/** Emails the batch gives that another of its rows, or a live user, already has (ignoring case). */
async function duplicateEmails(tx: Executor, batch: UserSaveBatch): Promise<FieldError[]> {
  const staged = rowsOf(batch).flatMap((r) => (r.email === undefined ? [] : [{ rowId: r.rowId, value: r.email }]))
  if (staged.length === 0) return []
  const holders = await tx
    .select({ id: users.id, value: users.email, name: users.name })
    .from(users)
    .where(and(sql`lower(${users.email}) = any(${sql.param([...new Set(staged.map((s) => s.value.toLowerCase()))])}::text[])`, isNull(users.deletedAt)))
  const names = new Map(holders.map((h) => [h.id, h.name]))
  return duplicateErrors({
    staged,
    field: 'email',
    normalize: (email) => email.toLowerCase(),
    holders,
    // A user whose email changes, or who is deleted, in this batch may free the address; the transaction decides.
    leaving: new Set([...batch.updates.filter((u) => u.changes.email !== undefined).map((u) => u.id), ...batch.deletes.map((d) => d.id)]),
    sharedInBatch: (email) => `Email ${email} is used by more than one user in this save`,
    taken: (email, holder) => `Email ${email} is already used by ${names.get(holder.id)}`,
  })
}

/** Turns a refused write into a sentence naming the people involved. */
async function explainFailure(db: RosterDb, batch: UserSaveBatch, error: unknown): Promise<unknown> {
  const pg = pgErrorOf(error)
  if (pg?.code !== '23505' || pg.constraint !== 'users_email_lower_unique') return error
  const email = /=\((.*)\) already exists/.exec(pg.detail ?? '')?.[1]
  if (!email) return new ApiFailure('constraint', 'That email is already used by another user.')
  const [holder] = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, isNull(users.deletedAt)))
  const restoredWithEmail = batch.restores.length
    ? await db
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, batch.restores.map((r) => r.id)), sql`lower(${users.email}) = lower(${email})`))
    : []
  const culprits = [
    ...rowsOf(batch).filter((r) => r.email?.toLowerCase() === email.toLowerCase()).map((r) => r.rowId),
    ...restoredWithEmail.map((r) => r.id),
  ]
  // PostgreSQL reports the lower-cased key; show the address as the admin typed it.
  const typed = rowsOf(batch).find((r) => r.email?.toLowerCase() === email.toLowerCase())?.email ?? email
  const message = holder
    ? `Email ${typed} is already used by ${holder.name}`
    : `Email ${typed} is used by more than one user in this save`
  return new ApiFailure(
    'constraint',
    message,
    [...new Set(culprits)].map((rowId) => ({ rowId, field: 'email', message })),
  )
}

/** A user's role names, sorted, in one CSV cell. */
const roleNames = sql<string | null>`(select string_agg(${q(roles.name)}, ${CSV_LIST_SEPARATOR} order by ${q(roles.name)})
  from ${userRoles} join ${roles} on ${q(roles.id)} = ${q(userRoles.roleId)} where ${q(userRoles.userId)} = ${q(users.id)})`

/** A CSV export of a users view: agency and roles by name, as the grid shows them. */
function exportUsers(db: RosterDb, choice: ExportChoice): ExportSelect {
  const query = userListQuery.parse(choice.query)
  return exportSelectOf('users', choice, {
    showsDeleted: (query.filters.deleted ?? 'exclude') !== 'exclude',
    cells: {
      name: users.name,
      email: users.email,
      agencyName: agencies.name,
      roleIds: roleNames,
      isActive: users.isActive,
      createdAt: isoText(users.createdAt),
      updatedAt: isoText(users.updatedAt),
      deletedAt: isoText(users.deletedAt),
    },
    rows: (fields) =>
      db
        .select(fields)
        .from(users)
        .leftJoin(agencies, eq(users.agencyId, agencies.id))
        .where(conditions(query, inPlace))
        .orderBy(...orderBy(requestedOrder(userOrder, query.sort))),
  })
}

export const served = serveResource('users', users, {
  list: listUsers,
  count: countUsers,
  save: saveUsers,
  exportSelect: exportUsers,
  importSpec: usersImport,
})
