import { and, getTableName, sql, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import { queryRows, type RosterDb } from '../db/client'
import { agencies } from '../db/schema/agencies'
import { users } from '../db/schema/users'
import { typed } from './keyset-cursor'
import { Remembered } from './per-database'
import type { OrderedIdsRead } from './list-pages'
import { filtersInForce, inlineLimit, namedBy, type NamedFilters } from './list-query'

/** The least and the greatest uuid (bytes compared in order): bounds that keep every id. */
const LEAST_ID = sql`'00000000-0000-0000-0000-000000000000'::uuid`
const GREATEST_ID = sql`'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid`

/** Agencies a bounded walk visits beyond its share of them. */
const AGENCIES_OVER_SHARE = 3

/**
 * Filters (by name, or the start of their names) on the columns users' agency, name and email
 * indexes hold after their key and the id: deleted, active, created and updated.
 */
export const ON_USER_ENTRIES = ['live', 'deletedOnly', 'isActive', 'createdAt:', 'updatedAt:']

/**
 * The filters in force, all of them, and split into those an agency's entries of
 * users_agency_id_idx can test themselves and the rest.
 */
function splitFilters(filters: NamedFilters, heldByStretches?: string): { all: SQL; onIndex: SQL | undefined; others: SQL | undefined } {
  const { names, where } = filtersInForce(filters)
  const onEntries = (name: string) => namedBy(ON_USER_ENTRIES, name)
  const tested = names.filter((name) => name !== heldByStretches)
  return {
    all: where ?? sql`true`,
    onIndex: and(...tested.filter(onEntries).map((name) => filters[name])),
    others: and(...tested.filter((name) => !onEntries(name)).map((name) => filters[name])),
  }
}

/** One part of the order (the users of named agencies, or those of none), at most `rows` of it in order. */
type Part = (rows: SQL) => SQL

/**
 * The ids of a page of users sorted by agency name (then id), without reading the whole join:
 * the agencies in name order (their unique name index), each one's users by (agency_id, id) up
 * to the rows the page needs, so the outer sort stops after a few agencies; and the users of no
 * agency (last ascending, first descending, as the page's ORDER BY puts nulls) read from the same
 * index in id order. A cursor bounds both: the agencies from its name on, and within its own
 * agency the ids beyond its id. Deleted agencies still name their users, so all are walked.
 *
 * Bounded (`share` given), the walk visits that share of the agencies, and a few more: a view whose
 * matches lie beyond them (every user named Ann in no agency) costs a few agencies' users, not all
 * of them, and its page comes short.
 */
export function usersByAgencyIds({ filters, order, after, limit, offset, share, stretches }: OrderedIdsRead): SQL {
  const [nameKey, idKey] = order
  if (!nameKey || !idKey || order.length !== 2) throw new Error('Users are walked by agency for a sort by agency name alone')
  const asc = nameKey.direction === 'asc'
  const direction = sql.raw(asc ? 'asc' : 'desc')
  const fromOn = sql.raw(asc ? '>=' : '<=')
  const { all, onIndex, others } = splitFilters(filters, stretches?.holds)
  const [afterName, afterId] = after ?? [undefined, undefined]
  const id = afterId === undefined ? undefined : typed(idKey, afterId)

  const name = afterName === undefined || afterName === null ? undefined : typed(nameKey, afterName)
  const fromName = name ? sql`where ${agencies.name} ${fromOn} ${name}` : sql``
  /**
   * How many agencies a bounded walk visits: the share it may examine of them, and a few more, so
   * that agencies without users at the start (or without matches) do not cut it short. A walk of a
   * view spread through the agencies stops at its page whatever the bound.
   */
  const visits = share === undefined ? undefined : sql`(ceil(${share}::float8 * (select count(*) from ${agencies})) + ${AGENCIES_OVER_SHARE})::bigint`

  const named: Part = (rows) => {
    // In the cursor's own agency the ids beyond the cursor's, in every other all of them: either
    // way one range of the index, its start an expression of the agency's name.
    const everyId = asc ? LEAST_ID : GREATEST_ID
    const fromId =
      name && id
        ? sql`and ${users.id} ${fromOn} case when ${agencies.name} = ${name} then ${id} else ${everyId} end
            and (${agencies.name} <> ${name} or ${users.id} <> ${id})`
        : sql``
    // Named as the table, so the conditions on agencies read the same either way.
    const visited = visits
      ? sql`(select ${agencies.id}, ${agencies.name} from ${agencies} ${fromName} order by ${agencies.name} ${direction} limit ${visits}) ${agencies}`
      : sql`${agencies}`
    // Filters on columns of the agency's index entries are tested on them, as index conditions
    // (10M users, the 86,400 created in one day: 225 buffers for a page, 16,129 tested row by row).
    // The others row by row (`is true`, which no index serves), as the agency's users are read in
    // id order: as index conditions, PostgreSQL would intersect the agency's index with a filter's
    // own for every agency visited (a trigram index read whole each time, 4 ms an agency for
    // "starts with Ann" at 1M users).
    const tested = and(onIndex, others && sql`(${others}) is true`)
    const agencyUsers = (stretch?: SQL) =>
      sql`select ${users.id} from ${users} where ${users.agencyId} = ${agencies.id} ${and(stretch, tested) ? sql`and ${and(stretch, tested)}` : sql``} ${fromId}`
    // Within stretches of a column, an agency's matches are read from its (agency_id, column)
    // index, one range a stretch, and sorted: not found among all its users by testing each.
    const read = stretches
      ? sql`select id from (${sql.join(stretches.within.map(agencyUsers), sql` union all `)}) ${users}`
      : agencyUsers()
    return sql`select ${agencies.name} as key, agency_users.id from ${visited} cross join lateral (
        ${read} order by ${users.id} ${direction} limit ${rows}) agency_users
      ${fromName} order by ${agencies.name} ${direction}, agency_users.id ${direction} limit ${rows}`
  }
  const unnamed: Part = (rows) => {
    const fromId = afterName === null && id ? sql`and ${users.id} ${sql.raw(asc ? '>' : '<')} ${id}` : sql``
    // Ordered by agency_id too, so the (agency_id, id) index gives the order as it reads the nulls.
    return sql`select null::text as key, ${users.id} from ${users} where ${users.agencyId} is null and ${all} ${fromId}
      order by ${users.agencyId} ${direction}, ${users.id} ${direction} limit ${rows}`
  }

  // The parts in the page's order, from the one the cursor is in.
  const inOrder = asc ? [named, unnamed] : [unnamed, named]
  const from = afterName === undefined ? 0 : inOrder.indexOf(afterName === null ? unnamed : named)
  const [first, second] = [inOrder[from]!, inOrder[from + 1]]
  const size = inlineLimit(limit)
  const rows = offset === 0 ? sql`${size}` : sql`${size} + ${offset}::bigint`
  const skip = offset === 0 ? sql`` : sql`offset ${offset}`
  const ordered = (source: SQL) => sql`select id from (${source}) page_ids order by key ${direction}, id ${direction} limit ${size} ${skip}`
  if (!second) return ordered(first(rows))
  // The second part is read only for the rows the first leaves to fill, and after a bounded walk
  // of the agencies only if it visited all of them.
  const left = sql`${rows} - (select count(*) from first_part)`
  const rest = visits && first === named ? sql`case when ${visits} >= (select count(*) from ${agencies} ${fromName}) then ${left} else 0 end` : left
  return sql`with first_part as materialized (${first(rows)})
    ${ordered(sql`select key, id from first_part union all (${second(rest)})`)}`
}

/** The planner's number of agencies, remembered briefly as its estimates are (list-total.ts). */
const agencyNumbers = new Remembered<number>(10_000)

/**
 * The agencies a walk by agency name goes through, as the planner keeps their number (counted
 * while the table was never vacuumed or analyzed, and its number is unknown).
 */
export function agenciesWalked(db: RosterDb): Promise<number> {
  return agencyNumbers.get(db, 'agencies', async () => {
    const [row] = await queryRows(
      db,
      z.object({ n: z.coerce.number() }),
      sql`select case when reltuples < 0 then (select count(*) from ${agencies}) else reltuples end as n
        from pg_class where oid = ${sql.raw(`'public.${getTableName(agencies)}'`)}::regclass`,
    )
    return row?.n ?? 0
  })
}
