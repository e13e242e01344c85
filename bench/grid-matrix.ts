import { performance } from 'node:perf_hooks'
import type postgres from 'postgres'
import { pastStart } from '../src/main/services/prefix-stretches'
import type { MethodInput } from '../src/shared/contract'
import type { UserSortColumn } from '../src/shared/schemas/users'
import { median } from './support'

type ListInput = MethodInput<'users.list'>
type Filters = NonNullable<ListInput['filters']>
type Fragment = postgres.PendingQuery<postgres.Row[]> | postgres.PendingQuery<(postgres.Row & Iterable<postgres.Row>)[]>

/** A filter of the matrix: what the API is sent, and the same condition by hand on `users u`. */
export interface MatrixFilter {
  name: string
  filters: Filters
  search?: string
  where: Fragment
  /**
   * The view's total as the database keeps it (counts kept by triggers), where it keeps one: by
   * hand, read in place of counting the view, and no estimate is needed beside it.
   */
  keptTotal?: () => Promise<unknown>
  /** Sort columns the filter holds at one value: by hand, such a sort is the order of the ids alone. */
  pins?: UserSortColumn[]
  /**
   * A start the filter takes the column's values to have, every spelling ILIKE takes for it: where
   * the column sorts bytewise, its matches lie in one stretch of its index per spelling.
   */
  starts?: { column: UserSortColumn; spellings: string[] }
}

/** A sortable users column as hand-written SQL (the agency's name comes from the join `a`). */
const sortSql: Record<UserSortColumn, string> = {
  name: 'u.name',
  email: 'u.email',
  agencyName: 'a.name',
  isActive: 'u.is_active',
  createdAt: 'u.created_at',
  updatedAt: 'u.updated_at',
}

/** One way to write a page by hand, run on the client it is given. */
type Candidate = (sql: postgres.Sql) => Promise<unknown>

export interface MatrixCase {
  name: string
  api: () => Promise<unknown>
  raw: () => Promise<unknown>
}

interface Page {
  rows: { id: string }[]
  total: number
  totalExact: boolean
}

/**
 * The matrix of issue 15: every sortable users column both ways × each filter, a first page and a
 * page at the middle of the view. The raw side is the best of the hand-written plans, picked by
 * timing each: walk the sort's index (plain ORDER BY … LIMIT), read the matches first (their ids
 * sorted by an expression no index serves, or a MATERIALIZED CTE, then sort), walk the primary key where
 * the filter pins the sort column to one value (active users sorted by Active), walk the agency's
 * (agency_id, name|email, id) index where the filter holds the agency or, sorted by agency name,
 * walk the agencies in name order with each one's users read laterally (`agencyWalk`). A deep page by hand is a keyset seek to the row the API put
 * there (or, for few matches, an OFFSET into them): the position is the API's, the cost the seek's.
 */
export async function matrixCases(options: {
  raw: postgres.Sql
  /** The same database, where the candidate plans are tried (each with a statement timeout of its own). */
  probe: postgres.Sql
  list(input: ListInput): Promise<Page>
  filters: MatrixFilter[]
  pageColumns: Fragment
  only?: RegExp
  /** Times one case; called as each is ready, so lines print as the matrix runs. */
  run(c: MatrixCase): Promise<void>
  /** Users in the table: reading the matches first is a candidate only for views well below it. */
  users: number
  /** Whether the database's text sorts bytewise (C, C.UTF-8): a value's start then picks stretches of its index. */
  bytewise: boolean
}): Promise<void> {
  const { raw, list, pageColumns, run } = options
  /**
   * The view's matches counted by hand: a start the filter takes every spelling of, where the
   * column sorts bytewise, in its stretches of the column's index (from its entries alone). The
   * stretches hold exactly the filter's matches, so it is not tested again: PostgreSQL, taking it
   * for a second condition, would intersect the trigram index with each stretch and read the rows.
   */
  const countOf = (filter: MatrixFilter, where: Fragment) => {
    const starts = options.bytewise ? filter.starts : undefined
    if (!starts) return raw`select count(*) from users u where ${where}`
    const column = raw.unsafe(sortSql[starts.column])
    const stretches = starts.spellings.map(
      (start) => raw`select count(*) as n from users u where u.deleted_at is null and ${column} >= ${start} and ${column} < ${pastStart(start)}`,
    )
    return raw`select sum(n) from (${unionAll(raw, stretches)}) s`
  }
  const estimate = (where: Fragment) => raw`explain (format json) select 1 from users u where u.deleted_at is null and ${where}`
  for (const column of Object.keys(sortSql) as UserSortColumn[]) {
    for (const direction of ['asc', 'desc'] as const) {
      for (const filter of options.filters) {
        const label = `${column} ${direction} × ${filter.name}`
        if (options.only && !options.only.test(label)) continue
        const input: ListInput = { limit: 100, sort: [{ column, direction }], filters: filter.filters, search: filter.search ?? '' }
        const order = raw.unsafe(`${sortSql[column]} ${direction}, u.id ${direction}`)
        const [sortKey, dir] = [raw.unsafe(sortSql[column]), raw.unsafe(direction)]
        const where = raw`u.deleted_at is null and ${filter.where}`
        const walk = (extra: Fragment, offset = 0, walked = order) => (sql: postgres.Sql) =>
          sql`select ${pageColumns} from users u left join agencies a on a.id = u.agency_id
              where ${where} and ${extra} order by ${walked} limit 100 offset ${offset}`
        // A filter holding the agency (or none) reads (agency_id, name|email, id) in order; PostgreSQL
        // takes `agency_id is null` to hold nothing unless the order names the column first.
        const byAgencyIndex = (extra: Fragment): Candidate[] =>
          filter.pins?.includes('agencyName') && (column === 'name' || column === 'email')
            ? [walk(extra, 0, raw.unsafe(`u.agency_id ${direction}, ${sortSql[column]} ${direction}, u.id ${direction}`))]
            : []
        const matchesFirst = (extra: Fragment, offset = 0) => (sql: postgres.Sql) =>
          sql`with matches as materialized (
                select u.id, ${sortKey} as key from users u left join agencies a on a.id = u.agency_id
                where ${where} and ${extra})
              select ${pageColumns} from matches m join users u on u.id = m.id left join agencies a on a.id = u.agency_id
              order by m.key ${dir}, m.id ${dir} limit 100 offset ${offset}`
        // A start of the sort column, sorted bytewise: one walk of its index per spelling (ANN… to
        // ann…), merged in order, each testing the filters as it reads (or as PostgreSQL plans them).
        const byStretches = (extra: Fragment, offset = 0): Candidate[] =>
          filter.starts?.column === column && options.bytewise
            ? [false, true].map((rowByRow) => (sql: postgres.Sql) => {
                const stretches = filter.starts!.spellings.map(
                  (start) => sql`(select * from users u where ${rowByRow ? sql`u.deleted_at is null and (${filter.where}) is true` : where} and ${extra}
                    and ${sortKey} >= ${start} and ${sortKey} < ${pastStart(start)}
                    order by ${order} limit ${100 + offset})`,
                )
                const merged = unionAll(sql, stretches)
                return sql`select ${pageColumns} from (${merged}) u left join agencies a on a.id = u.agency_id order by ${order} limit 100 offset ${offset}`
              })
            : []
        // The matches' ids sorted by an expression no index serves (so PostgreSQL reads them by the
        // filters' indexes, not a walk), then only the page's rows built.
        const idsFirst = (offset = 0) => (sql: postgres.Sql) =>
          sql`select ${pageColumns} from users u left join agencies a on a.id = u.agency_id
              where u.id in (select u.id from users u left join agencies a on a.id = u.agency_id where ${where}
                order by coalesce(${sortKey}, ${sortKey}) ${dir}, u.id ${dir}
                limit 100 offset ${offset})
              order by ${order}`
        // Where the filter is a start the database sorts bytewise, also each agency's matches read
        // from its (agency_id, name|email) index, one range a spelling.
        const agencyStretches = options.bytewise && filter.starts ? [{ column: sortSql[filter.starts.column], spellings: filter.starts.spellings }] : []
        const byAgency = (from?: RowKey): Candidate[] =>
          column === 'agencyName'
            ? [false, true, ...agencyStretches].map((read) => (sql: postgres.Sql) => agencyWalk({ raw: sql, where, pageColumns, direction, from, read }))
            : []
        // A column the filter pins orders nothing: the primary key's walk, from a row's id on.
        const byId = (fromId?: string): Candidate[] =>
          filter.pins?.includes(column)
            ? [
                (sql) => sql`select ${pageColumns} from users u left join agencies a on a.id = u.agency_id
                  where ${where} ${fromId === undefined ? sql`` : direction === 'asc' ? sql`and u.id >= ${fromId}` : sql`and u.id <= ${fromId}`}
                  order by u.id ${dir} limit 100`,
              ]
            : []
        // A page the API cannot read in time is a line of the report, not the end of the matrix.
        const first = await list(input).catch((error: unknown) => {
          console.log(`${label} first page: api failed (${error instanceof Error ? error.message : String(error)})`)
          return null
        })
        if (!first) continue
        const total = first.total
        // The raw side tells what the API tells: an exact total where it counted (its estimate said
        // under 50,000; a view of exactly 50,000 is counted too, when estimated a little under), or
        // where the database keeps it; the planner's estimate where it did not.
        const totalOfView = filter.keptTotal
          ? filter.keptTotal
          : first.totalExact
            ? () => Promise.all([estimate(filter.where), countOf(filter, where)])
            : () => estimate(filter.where)
        // Sorting a fifth of the table or more is never the better plan: not timed.
        const few = total < options.users / 5
        // The cheaper-to-bound plans first: the walk is then timed out at three times their best.
        const best = await fastest(options, [
          ...byStretches(raw`true`),
          ...(few ? [idsFirst(), matchesFirst(raw`true`)] : []),
          ...byId(),
          ...byAgency(),
          ...byAgencyIndex(raw`true`),
          walk(raw`true`),
        ])
        await run({
          name: `${label} first page`,
          api: () => list(input),
          raw: () => Promise.all([best(), totalOfView()]),
        })
        const middle = Math.floor(total / 2)
        if (middle <= 100) continue
        const deepInput = { ...input, offset: middle }
        const deep = await list(deepInput)
        const landed = deep.rows[0]
        if (!landed) continue
        // The row the API landed on, as the raw side's keyset seek.
        const [key] = await raw`select ${raw.unsafe(sortSql[column])} as key from users u left join agencies a on a.id = u.agency_id where u.id = ${landed.id}`
        const beyond = raw.unsafe(
          direction === 'asc'
            ? `(${sortSql[column]}, u.id) >= ($1, $2)`.replace('$1', literal(key!.key)).replace('$2', `'${landed.id}'::uuid`)
            : `(${sortSql[column]}, u.id) <= ($1, $2)`.replace('$1', literal(key!.key)).replace('$2', `'${landed.id}'::uuid`),
        )
        const bestDeep = await fastest(options, [
          ...byStretches(beyond),
          ...(few ? [idsFirst(middle), matchesFirst(raw`true`, middle)] : []),
          ...byId(landed.id),
          ...byAgency({ key: key!.key as string | null, id: landed.id }),
          ...byAgencyIndex(beyond),
          walk(key!.key === null ? raw`true` : beyond),
        ])
        await run({
          name: `${label} deep page`,
          api: () => list(deepInput),
          raw: () => Promise.all([bestDeep(), totalOfView()]),
        })
      }
    }
  }
}

/** Selects joined by `union all`, in order. */
const unionAll = (sql: postgres.Sql, selects: Fragment[]): Fragment => selects.slice(1).reduce<Fragment>((union, select) => sql`${union} union all ${select}`, selects[0]!)

/** The sort key and id of the row a hand-written page starts at. */
interface RowKey {
  key: string | null
  id: string
}

/**
 * Users by agency name, by hand: the agencies in name order (their unique name index), each one's
 * users read laterally through (agency_id, id) up to a page, so the outer sort stops after a few
 * agencies; and the users of no agency (last ascending, first descending) from the same index, read
 * only for the rows the first part leaves. `read` is how an agency's users are found: the filters
 * as PostgreSQL plans them (false), tested on each user (true, `is true`), which stops PostgreSQL
 * intersecting indexes again for every agency but turns an `in (select …)` into a subplan per row,
 * or, for a filter that is a start of a column alone, the ranges of the agency's (agency_id, column)
 * index that hold each spelling of it, read and sorted by id. `from` starts the page at a row
 * (inclusive): the agencies from its name on and, in its own agency, the ids from its id on.
 */
function agencyWalk(options: {
  raw: postgres.Sql
  where: Fragment
  pageColumns: Fragment
  direction: 'asc' | 'desc'
  from?: RowKey | undefined
  read: boolean | { column: string; spellings: string[] }
}) {
  const { raw, where, pageColumns, direction, from, read } = options
  const asc = direction === 'asc'
  const dir = raw.unsafe(direction)
  const fromOn = raw.unsafe(asc ? '>=' : '<=')
  const named = (rows: Fragment) => {
    const name = from?.key ?? null
    const everyId = asc ? '00000000-0000-0000-0000-000000000000' : 'ffffffff-ffff-ffff-ffff-ffffffffffff'
    const fromId = name === null ? raw`` : raw`and u.id ${fromOn} case when a.name = ${name} then ${from!.id}::uuid else ${everyId}::uuid end`
    const agencyUsers = (condition: Fragment) => raw`select u.id from users u where u.agency_id = a.id and ${condition} ${fromId}`
    const inStretch = (column: Fragment, start: string) => raw`u.deleted_at is null and ${column} >= ${start} and ${column} < ${pastStart(start)}`
    const users =
      typeof read === 'boolean'
        ? agencyUsers(read ? raw`(${where}) is true` : where)
        : unionAll(raw, read.spellings.map((start) => agencyUsers(inStretch(raw.unsafe(read.column), start))))
    return raw`select a.name as key, w.id from agencies a cross join lateral (
        select id from (${users}) u order by id ${dir} limit ${rows}) w
      ${name === null ? raw`` : raw`where a.name ${fromOn} ${name}`}
      order by a.name ${dir}, w.id ${dir} limit ${rows}`
  }
  const unnamed = (rows: Fragment) =>
    raw`select null::text as key, u.id from users u where u.agency_id is null and ${where}
        ${from && from.key === null ? raw`and u.id ${fromOn} ${from.id}::uuid` : raw``}
        order by u.agency_id ${dir}, u.id ${dir} limit ${rows}`
  const inOrder = asc ? [named, unnamed] : [unnamed, named]
  const parts = from ? inOrder.slice(inOrder.indexOf(from.key === null ? unnamed : named)) : inOrder
  const [first, second] = [parts[0]!, parts[1]]
  const ids = second
    ? raw`with first_part as materialized (${first(raw`100`)})
          select key, id from first_part union all (${second(raw`100 - (select count(*) from first_part)`)})`
    : first(raw`100`)
  return raw`select ${pageColumns} from users u left join agencies a on a.id = u.agency_id
      where u.id in (select id from (${ids}) page_ids) order by a.name ${dir}, u.id ${dir} limit 100`
}

/** A value as an SQL literal, for the hand-written seek (bench input, read back from the database). */
function literal(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Date) return `'${value.toISOString()}'::timestamptz`
  if (typeof value === 'boolean') return String(value)
  return `'${String(value).replace(/'/g, "''")}'`
}

/**
 * Of a few ways to write one query, the fastest (each timed twice on the probe client, the better
 * time kept), to be run on the raw client. Each runs with a statement timeout of three times the
 * best so far (20 s for the first), so a plan that falls into a trap is dropped in seconds.
 */
async function fastest({ raw, probe }: { raw: postgres.Sql; probe: postgres.Sql }, candidates: Candidate[]): Promise<() => Promise<unknown>> {
  let best = candidates[0]!
  let bestMs = Infinity
  for (const candidate of candidates) {
    const times: number[] = []
    const timeoutMs = Number.isFinite(bestMs) ? Math.max(1_000, Math.ceil(bestMs * 3)) : 20_000
    for (let i = 0; i < 2; i++) {
      const started = performance.now()
      // A plan cancelled by the statement timeout is no candidate.
      const ran = await probe
        .begin(async (tx) => {
          await tx.unsafe(`set local statement_timeout = ${timeoutMs}`)
          return candidate(tx as unknown as postgres.Sql)
        })
        .then(
          () => true,
          () => false,
        )
      times.push(ran ? performance.now() - started : Infinity)
    }
    const t = median(times)
    if (t < bestMs) [best, bestMs] = [candidate, t]
  }
  return () => best(raw)
}
