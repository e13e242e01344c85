import { sql, type SQL } from 'drizzle-orm'
import { agencies } from '../db/schema/agencies'
import { users } from '../db/schema/users'
import { typed } from './keyset-cursor'
import type { OrderedIdsRead } from './list-pages'
import { inlineLimit } from './list-query'

/** The least and the greatest uuid (bytes compared in order): bounds that keep every id. */
const LEAST_ID = sql`'00000000-0000-0000-0000-000000000000'::uuid`
const GREATEST_ID = sql`'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid`

/** One part of the order (the users of named agencies, or those of none), at most `rows` of it in order. */
type Part = (rows: SQL) => SQL

/**
 * The ids of a page of users sorted by agency name (then id), without reading the whole join:
 * the agencies in name order (their unique name index), each one's users by (agency_id, id) up
 * to the rows the page needs, so the outer sort stops after a few agencies; and the users of no
 * agency (last ascending, first descending, as the page's ORDER BY puts nulls) read from the same
 * index in id order. A cursor bounds both: the agencies from its name on, and within its own
 * agency the ids beyond its id. Deleted agencies still name their users, so all are walked.
 */
export function usersByAgencyIds({ where, order, after, limit, offset }: OrderedIdsRead): SQL {
  const [nameKey, idKey] = order
  if (!nameKey || !idKey || order.length !== 2) throw new Error('Users are walked by agency for a sort by agency name alone')
  const asc = nameKey.direction === 'asc'
  const direction = sql.raw(asc ? 'asc' : 'desc')
  const fromOn = sql.raw(asc ? '>=' : '<=')
  const filters = where ?? sql`true`
  const [afterName, afterId] = after ?? [undefined, undefined]
  const id = afterId === undefined ? undefined : typed(idKey, afterId)

  const named: Part = (rows) => {
    const name = afterName === undefined || afterName === null ? undefined : typed(nameKey, afterName)
    // In the cursor's own agency the ids beyond the cursor's, in every other all of them: either
    // way one range of the index, its start an expression of the agency's name.
    const everyId = asc ? LEAST_ID : GREATEST_ID
    const fromId =
      name && id
        ? sql`and ${users.id} ${fromOn} case when ${agencies.name} = ${name} then ${id} else ${everyId} end
            and (${agencies.name} <> ${name} or ${users.id} <> ${id})`
        : sql``
    const fromName = name ? sql`where ${agencies.name} ${fromOn} ${name}` : sql``
    return sql`select ${agencies.name} as key, agency_users.id from ${agencies} cross join lateral (
        select ${users.id} from ${users} where ${users.agencyId} = ${agencies.id} and ${filters} ${fromId}
        order by ${users.id} ${direction} limit ${rows}) agency_users
      ${fromName} order by ${agencies.name} ${direction}, agency_users.id ${direction} limit ${rows}`
  }
  const unnamed: Part = (rows) => {
    const fromId = afterName === null && id ? sql`and ${users.id} ${sql.raw(asc ? '>' : '<')} ${id}` : sql``
    // Ordered by agency_id too, so the (agency_id, id) index gives the order as it reads the nulls.
    return sql`select null::text as key, ${users.id} from ${users} where ${users.agencyId} is null and ${filters} ${fromId}
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
  // The second part is read only for the rows the first leaves to fill.
  return sql`with first_part as materialized (${first(rows)})
    ${ordered(sql`select key, id from first_part union all (${second(sql`${rows} - (select count(*) from first_part)`)})`)}`
}
