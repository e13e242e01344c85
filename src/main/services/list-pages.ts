import { and, or, sql, type Placeholder, type SQL, type SQLWrapper, type Subquery } from 'drizzle-orm'
import type { ListResult, SortDirection } from '../../shared/schemas/common'
import type { RosterDb } from '../db/client'
import { boundAt, correlationOf, EXACT_OFFSET_UP_TO, histogramOf, SAMPLE_ROWS, type SeekableKey } from './deep-page-seek'
import { after, comparableAsRow, decodeCursor, encodeCursor, fromRow, signatureOf, typed } from './keyset-cursor'
import { filtersInForce, inlineLimit, namedBy, orderBy, requestedOrder, reverse, type ListOrder, type NamedFilters, type OrderedKey } from './list-query'
import { EXACT_COUNT_BELOW, estimateOf, lastCountOf, totalOf, type CountedIn } from './list-total'
import { stretchesFrom, type StretchFrom, type Stretches } from './prefix-stretches'
import { learnedWalk, recalledWays, rememberWay } from './read-ways'
import { exactKeysAround, sampledKeysAt, type KeptKeys } from './sampled-key'
import { inPlace, Placeholders, type Bind, type Preparable, type Reading, type StatementRegistry } from './statement-registry'

export interface ListRequest<Column extends string> {
  sort: { column: Column; direction: SortDirection }[]
  limit: number
  offset: number
  after?: string | null | undefined
}

/** The parts of one page query; the list's `page` puts them into its select. */
export interface PageParts {
  where: SQL | undefined
  order: SQL[]
  limit: number
  offset: number | Placeholder
  /** The rows read in place of the main table (a walk's, `walked`), under its name. */
  from?: Subquery
}

/** What a list's own plan for a page's ids is given: the filters, the order and where the page starts. */
export interface OrderedIdsRead {
  /** The list's filters by name (those not in force undefined), values put in through `bind`. */
  filters: NamedFilters
  order: OrderedKey[]
  /** The sort keys' values (each put in through `bind`, a null as it is) of the row the page follows. */
  after?: unknown[]
  limit: number
  /** Rows skipped: 0, or a placeholder for the number. */
  offset: number | Placeholder
  /**
   * A bounded walk: about this share of the order is examined at most (the list bounds it its own
   * way), so a page whose matches lie further on comes short instead of costing a scan.
   */
  share?: SQL
  /**
   * Conditions, each one stretch of a filter's column, that together hold every match (names
   * starting with Ann), and the filter they hold exactly, if one: the walk reads each group's
   * matches from them, not by testing each of its rows. A walk so read is not bounded by `share`.
   */
  stretches?: { within: SQL[]; holds?: string | undefined }
}

export interface ListPlan<Row extends { id: string }, Column extends string> extends ListOrder<Column, SeekableKey> {
  /** Which list this is: its statements are kept per database under this name. */
  name: string
  db: RosterDb
  /** The list's own prepared statements. */
  statements: StatementRegistry<Row>
  /** The filters and search, by name, every value put in through `bind`. */
  filters(bind: Bind): NamedFilters
  /** The page's select, with the API's fields (timestamps as ISO text), joins and all. */
  page(parts: PageParts): Preparable<Row>
  /**
   * The list's FROM clause (joins and all), over a block sample of its main table when given one
   * (`tablesample system (percent) repeatable (seed)`): a deep position is found from a sample by
   * reading a few pages, not the table, or from the ranks of a few matches all sorted once.
   * Without it, a sample reads the whole view and an offset into the matches sorts them each time.
   */
  source?(sample?: { percent: number; seed: number }): SQL
  /**
   * `select id from … where … order by … limit … offset …`: a page's ids alone. Read matches
   * first, the rows are sorted by these few columns, and only the page's rows are then built
   * (agency, roles, timestamps as text), not every match's.
   */
  pageIds?(parts: PageParts): SQLWrapper
  /**
   * `select <keys> from … where … order by … limit … offset …`: the sort keys of the row at an
   * offset, for a view an index holds in its sort's order. Read from that index alone, they let
   * the page seek to its first row as a keyset page does, not read the ids of the page's rows and
   * then the rows again by primary key (one agency's users by email, 500 in: 423 buffers, not 1,019).
   */
  keysAt?(parts: PageParts, keys: OrderedKey[]): SQLWrapper
  /**
   * A page's ids read the list's own way, for a sort no index serves as one ORDER BY but a
   * walk over several can (users by agency name): given for those sorts alone. Views read
   * matches first, and the sampling readings, keep the page's plain select.
   */
  orderedIds?(read: OrderedIdsRead): SQLWrapper
  /** The groups (agencies) the list's own walk goes through, as the planner estimates them. */
  orderedIdsGroups?(): Promise<number>
  /**
   * `(select <the main table's columns> from … where … order by … limit …) as <the main table>`:
   * the first `limit` rows in the sort's order, a walk of the sort's index that stops there, as a
   * page's `from`; the view's filters then test each row as it comes. Lets a view of dense matches
   * find its page without sorting them all, in one pass (not its ids first, then their rows). With
   * `stretches`, one such walk within each of them, merged in the sort's order.
   */
  walked?(parts: { where: SQL | undefined; order: SQL[]; limit: number | Placeholder; stretches?: SQL[] }): Subquery
  /**
   * Stretches of `column`'s order that together hold every row the view matches (names starting
   * with Ann, sorted by name, where names sort bytewise: eight ranges, ANN… to ann…), or null.
   */
  stretchesOf?(column: Column): Promise<Stretches | null>
  /**
   * Where a filter bunches the view's matches in `column`'s order (a sort key's `bunchedBy`): the
   * rows a walk of that order (`direction`, from its start) passes before it reaches them, null
   * when none do; undefined when the list cannot tell (the walk then looks only a page's worth).
   */
  aheadOfBunch?(column: Column, direction: SortDirection, bind: Bind): SQL | null | undefined
  /**
   * Filters as a walk tests them on each row it reads, by name (values put in through `bind`),
   * where they are written otherwise than in `filters` for that: the rest are tested as they are.
   */
  rowTests?(bind: Bind): NamedFilters
  /** Filters that only choose live or deleted rows: they do not narrow a view to a few matches. */
  scopes: readonly string[]
  /**
   * `select 1 from … where …`: the rows the list matches, counted or estimated. `bySortKeys`:
   * `where` compares the sort's keys (the rows ahead of one), which may need the sort's joins; the
   * filters never do, and a count without a join can be read from an index alone.
   */
  matching(where: SQL | undefined, bySortKeys?: boolean): SQLWrapper
  /**
   * `select <n>`: the view's total as the database keeps it (counts kept by triggers), for the
   * filters in force (`names`, values put in through `bind`), or undefined where none is kept. Read
   * in place of a count, it is exact at any size for a few rows read.
   */
  keptTotal?(names: readonly string[], bind: Bind): Preparable<{ n: number }> | undefined
}

/** One way of reading a page: extra conditions (values put in through `bind`), order, size and offset. */
interface PageRead {
  extra?: SQL | undefined
  /** The sort keys' values of the row the page follows (each put in through `bind`). */
  after?: unknown[]
  order: OrderedKey[]
  limit: number
  offset?: number
}

/** A view at most this share of the rows in scope is selective: walking the whole sort order for it can cost seconds. */
const SELECTIVE_SHARE = 1 / 5

/**
 * Entries of an index skipped for an offset into a few matches it holds in order, at most: deeper,
 * the page is read between the keys of the view's exact ranks, which cost one pass over the view
 * (8–13 ms for one agency's 8,889 active users of 10M) and are then kept. Skipping to the middle of
 * those users took 0.26 ms of a 3.1 ms page (the exact count is most of it); from a kept rank, fewer
 * than a rank step's entries are skipped.
 */
const INDEX_SKIP_UP_TO = 1_000

/**
 * Whether the filters bound the view's first sort key itself (a date range sorted by that date):
 * its index then reads the view as a range, and no other way of reading it is better.
 */
const boundsFirstKey = (narrowing: readonly string[], first: SeekableKey): boolean =>
  first.rangeFilter !== undefined && narrowing.some((name) => name.startsWith(`${first.rangeFilter}:`))

/**
 * What a walked row costs, in matches read first and sorted: a heap fetch in the sort's order,
 * ~1.3 µs, against ~0.65–0.9 µs a sorted match (10M users).
 */
const WALKED_ROW_COST = 2

/**
 * What a walked row costs, as WALKED_ROW_COST, when the sort column follows the rows' order in the
 * table (pg_stats correlation ±1): the walk then reads the heap in order, not a page per row. Users
 * created in one day sorted by when they were updated, newest first: the 86,401 rows updated since
 * walked in 27–38 ms against the day's 86,400 sorted in 80 ms (10M users); 18 against 20 ms (1M).
 */
const IN_ORDER_WALKED_ROW_COST = 0.5

/**
 * What a walked entry costs, as WALKED_ROW_COST, when every filter narrowing the view is tested on
 * the sort index's entries (`entryFilters`): no row is read for those that fail. 40,000 entries of
 * users_email_idx in 5.5 ms against 86,400 matches sorted in 45 ms (1M users).
 */
const ENTRY_WALKED_ROW_COST = 0.3

/** A walked row's cost for a sort column of this correlation: interpolated by its square, as PostgreSQL costs an index scan. */
const walkedRowCost = (correlation: number) => WALKED_ROW_COST + (IN_ORDER_WALKED_ROW_COST - WALKED_ROW_COST) * correlation ** 2

/**
 * What probing one stretch of one group costs the list's own walk, as a match read and sorted
 * (see `groupStretches`): 8,000 probes in 15 ms against 25,000 matches sorted in 180 ms (1M users).
 */
const GROUP_PROBE_COST = 1

/** How far the rows ahead of bunched matches are walked beyond their estimate before the matches are sorted instead. */
const AHEAD_SLACK = 1.5

/**
 * How many more rows than an even spread needs a walk is expected to examine: the planner takes
 * matches to be spread evenly, and they seldom quite are. (Matches bunched in the sort's order are
 * kept from long walks by their keys' `bunchedBy`, not by this.) At 3, 10M users created in one
 * day (86,400, evenly spread in every other order) sorted their matches, 53–153 ms a first page
 * against a 15–64 ms walk, whenever ANALYZE estimated them under 77,500 (74,182 in one seed).
 */
const UNEVEN_SPREAD = 2

/**
 * How many rows a view read matches first may rather walk the sort's index for, or null when it
 * should not: when its matches are dense enough (an even spread puts `wanted` of them within
 * `wanted × rows in scope ÷ matches` rows of the order) that the walk would cost less than
 * reading and sorting every match. The walk is capped at four times that, so matches bunched
 * away from the start (the planner's even spread is a guess) cost a bounded detour, not a scan.
 */
function boundedWalkCap(matches: number, rowsInScope: number, wanted: number, rowCost = WALKED_ROW_COST): number | null {
  if (matches <= 0 || rowsInScope <= 0) return null
  const examined = (wanted * rowsInScope) / matches
  return examined * UNEVEN_SPREAD * rowCost < matches ? Math.ceil(examined * 4) : null
}

/** Sort keys no index serves, so PostgreSQL reads the matches by the filters' indexes and sorts them. */
const sortedAfterReading = (keys: OrderedKey[]): OrderedKey[] => keys.map((k) => ({ ...k, expr: sql`coalesce(${k.expr}, ${k.expr})` }))

/**
 * One page of a list. A view its filters narrow to few rows is read matches first (a position an
 * OFFSET into those few or, deeper, a read between the keys of their exact ranks). Otherwise
 * sequential pages follow the keyset cursor; a position near the start is an OFFSET, near the end
 * the reversed order read backwards, and anywhere else a seek to the sort key pg_stats puts at that
 * fraction of the table (unfiltered) or to a key sampled at that fraction of the view, so no page
 * costs a scan of all before it. A sort the list reads its own way (`orderedIds`: users by agency
 * name) reads its page's ids so from the start, the end or a cursor. Each way of reading is one
 * prepared statement per shape (sort, which filters, how it reads), run with that request's values.
 */
export async function runList<Row extends { id: string }, Column extends string & keyof Row>(
  plan: ListPlan<Row, Column>,
  request: ListRequest<Column>,
): Promise<ListResult<Row>> {
  const sort = request.sort.length ? request.sort : plan.defaultSort
  const signature = signatureOf(sort)
  const placeholders = new Placeholders()
  const named = plan.filters(placeholders.bind)
  const { names, where } = filtersInForce(named)
  const shape = { list: plan.name, sort: signature, filters: names }
  const totalRequest = {
    db: plan.db,
    shape,
    where,
    kept: plan.keptTotal?.(names, placeholders.bind),
    values: placeholders.values,
    whereInPlace: () => filtersInForce(plan.filters(inPlace)).where,
    matching: plan.matching,
  }
  const requested = requestedOrder(plan, sort)
  // A sort key the filters hold at one value (active users sorted by Active) orders nothing: left
  // out, the view is read in the order of the keys left, so its index serves the filter and the
  // order at once, a deep page seeks by those keys, and a sort by agency name of one agency's users
  // (or of those of none) is their ids' order, not a walk of the agencies.
  const pinned = requested.map((key) => key.pinnedBy?.some((name) => names.includes(name)) === true)
  const unpinned = <T>(values: T[]): T[] => values.filter((_, i) => !pinned[i])
  const plainKeys = unpinned(requested)
  // The list's own walk is of the order asked for, so it serves only when every key still orders.
  const orderedIds = pinned.includes(true) ? undefined : plan.orderedIds
  // A refused cursor must refuse before any query starts, so no count is left running unawaited.
  const cursor = request.after ? unpinned(decodeCursor(request.after, signature, requested)) : null
  const narrowing = names.filter((name) => !plan.scopes.includes(name))
  // A total the database keeps needs no estimate, but to choose how a narrowed view is read.
  const estimate = narrowing.length > 0 || !totalRequest.kept ? estimateOf(totalRequest) : null
  // Only a narrowed view waits for the estimate before its page; otherwise both run at once.
  const matches = narrowing.length > 0 ? await estimate : null
  const scopeNames = names.filter((name) => plan.scopes.includes(name))
  /**
   * The planner's estimate of the rows in scope (live or deleted), or of those of them that
   * `named.condition` holds, remembered under its name with its values.
   */
  const rowsInScopeWhere = (named?: { name: string; condition(bind: Bind): SQL | null | undefined; bySortKeys?: boolean }) => {
    const own = new Placeholders()
    named?.condition(own.bind)
    return estimateOf({
      db: plan.db,
      shape: { ...shape, filters: named ? [...scopeNames, named.name] : scopeNames },
      where: undefined,
      values: own.values,
      whereInPlace: () => {
        const inPlaceFilters = plan.filters(inPlace)
        return and(...scopeNames.map((scope) => inPlaceFilters[scope]), named?.condition(inPlace) ?? undefined)
      },
      matching: (where) => plan.matching(where, named?.bySortKeys),
    })
  }
  const rowsInScope = () => rowsInScopeWhere()
  /** The view (list, filters with their values, sort) that what its reads learn is remembered for. */
  let viewText: string | undefined
  const viewKey = () => (viewText ??= JSON.stringify([shape, placeholders.values]))
  // A view is read "matches first" (its matches found by the filters' indexes and sorted) rather
  // than by walking the sort's index and discarding what the filters refuse: the planner alone can
  // fall into the walk, taking the filters to be spread evenly along the sort order; where they are
  // not (an agency's users all late in the email order) the walk discards most of the table before
  // it finds a page. So when the filters narrow the view to few rows (such a view is counted
  // exactly anyway, at the same cost) and, where a capped walk can be tried first, when they keep
  // a small share of the table.
  // Ids are random, so a view's matches are spread evenly along their order, as the planner takes
  // them to be: sorted by id alone (its other keys pinned), a view is read as it chooses, but for
  // an offset into a few matches, cheaper sorted than walked (one agency's users, 4,750 rows in:
  // 14 ms against 28 ms at 10M users), or skipped in an index that holds them in order (below).
  const byIdAlone = plainKeys.length === 1
  const matchesFirst =
    matches !== null &&
    !boundsFirstKey(narrowing, plan.sortKeys[sort[0]!.column]) &&
    (byIdAlone
      ? matches < EXACT_COUNT_BELOW && request.offset > 0
      : matches < EXACT_COUNT_BELOW || (plan.walked !== undefined && matches < (await rowsInScope()) * SELECTIVE_SHARE))
  // An index that reads the view in its sort's order (one agency's users by name, or by id when the
  // sort is pinned) serves better than sorting the matches or walking the sort's index for them: an
  // offset into 5,000 of 10,000 costs 5,100 of its entries.
  const within = plainKeys.length <= 2 ? plainKeys[0]?.orderedWithin : undefined
  const indexOrdered =
    within !== undefined &&
    narrowing.filter((name) => within.by.includes(name)).length === 1 &&
    narrowing.every((name) => within.by.includes(name) || within.covering.includes(name))
  /** Filters (by name) a walk of the sort's order tests on its index's entries. */
  const onEntries = (name: string) => namedBy(plainKeys[0]?.entryFilters, name)
  /** The first sort key's histogram (pg_stats), or null without one of at least one bucket. */
  const sortHistogram = async () => {
    const bounds = await histogramOf(plan.db, plainKeys[0]!)
    return bounds && bounds.length >= 2 ? bounds : null
  }
  /**
   * For a walk testing its filters on the sort index's entries (each cheap, so it looks for the
   * page's matches, not a row count): the sort key's histogram bounds in the walk's direction and
   * how many of its buckets `cap` rows fill, one more for the bucket the walk starts in. The walk
   * goes no further than that many bounds on; undefined when the column has no histogram (the walk
   * then reads rows and is capped by their count, as any other).
   */
  const entryWalkReach = async (cap: number): Promise<{ bounds: string[]; buckets: number } | undefined> => {
    const first = plainKeys[0]!
    const bounds = await sortHistogram()
    if (!bounds) return undefined
    const buckets = Math.ceil((cap * (bounds.length - 1)) / Math.max(1, await rowsInScope())) + 1
    return { bounds: first.direction === 'asc' ? bounds : [...bounds].reverse(), buckets }
  }
  /** What an examined row costs the walk: an entry's test, when the walk tests every filter narrowing the view on the index's entries. */
  const examinedRowCost = async () => (!orderedIds && narrowing.every(onEntries) && (await sortHistogram()) ? ENTRY_WALKED_ROW_COST : WALKED_ROW_COST)
  /** Stretches of the filters' columns that hold every match (a name's start), each column's that has them. */
  let stretchesFound: Promise<Stretches[]> | undefined
  const filterStretches = () =>
    (stretchesFound ??= Promise.all(
      (Object.keys(plan.sortKeys) as Column[])
        .filter((column) => narrowing.some((name) => name.startsWith(`${column}:`)))
        .map(async (column) => (await plan.stretchesOf?.(column)) ?? null),
    ).then((found) => found.filter((stretches) => stretches !== null)))
  /**
   * Stretches the list's own walk reads each group's matches from (an agency's Anns from its
   * (agency_id, name) index), when probing every stretch of every group costs less than reading
   * and sorting the matches. So read, a walk costs its probes and the matches it reads, however
   * far it goes (10M users, no Ann in any agency: 1,000 agencies × 8 stretches, not 9.5M users tested).
   */
  let groupStretchesFound: Promise<Stretches | null> | undefined
  const groupStretches = () =>
    (groupStretchesFound ??= (async () => {
      const [found] = orderedIds && plan.orderedIdsGroups && matches !== null ? await filterStretches() : []
      // Fewer matches than stretches (an email that equals a text): no group need be asked about.
      if (!found || found.stretches.length * GROUP_PROBE_COST >= matches!) return null
      const probes = found.stretches.length * (await plan.orderedIdsGroups!())
      return probes * GROUP_PROBE_COST < matches! ? found : null
    })())
  /** The rows a walk may examine before it finds `wanted` of the view's, if a walk is the better read. */
  const walkCap = async (wanted: number) => {
    if (!matchesFirst || matches === null || indexOrdered) return null
    // Read within stretches, the list's own walk is not bounded by rows: any cap will do.
    if (await groupStretches()) return matches
    return boundedWalkCap(matches, await rowsInScope(), wanted, await examinedRowCost())
  }
  const keys = matchesFirst && !indexOrdered ? sortedAfterReading(plainKeys) : plainKeys
  // Read in id order by the index of the column a filter pins (the users of no agency: 100 entries of
  // (agency_id, id), not the primary key's walk past every other user's).
  const pinnedColumns =
    byIdAlone && !matchesFirst
      ? requested.flatMap((key, i) => (pinned[i] && key.pinnedOrder ? [key.pinnedOrder] : []))
      : indexOrdered
        ? [within.column]
        : []
  const orderOf = (order: OrderedKey[]) => orderBy([...pinnedColumns.map((expr) => ({ ...order[0]!, expr })), ...order])

  /** Reads a page the way `reading` names; its SQL comes from `pageRead` the first time the shape is seen. */
  const read = (reading: Reading, pageRead: (bind: Bind) => PageRead) => {
    const own = new Placeholders(placeholders)
    const page = pageRead(own.bind)
    // Left out when zero, so such a statement has no parameter to plan for.
    const offset = page.offset ? own.bind(page.offset) : 0
    const walksOwnWay = !matchesFirst && !page.extra && orderedIds !== undefined
    const walkTests = walksOwnWay ? plan.rowTests?.(own.bind) : undefined
    const parts = {
      where: and(where, page.extra, page.after && after(page.order, page.after)),
      order: orderOf(page.order),
      limit: inlineLimit(page.limit),
      offset,
    }
    // In the order of an index, a page is read straight from it; an offset into it is skipped in the
    // index alone, then the page sought from the keys of the row there (or, where keys cannot be
    // compared as a row, its rows' ids read from there and then their rows).
    const skipsInIndex = indexOrdered && (page.offset ?? 0) > 0
    const seeksOffset = skipsInIndex && plan.keysAt !== undefined && comparableAsRow(page.order)
    const idsFirst = matchesFirst && plan.pageIds !== undefined && (!indexOrdered || skipsInIndex)
    const statement = plan.statements.statementFor(plan.db, { ...shape, reading, matchesFirst }, () => {
      if (seeksOffset && plan.keysAt) {
        const row = plan.keysAt({ ...parts, limit: inlineLimit(1) }, page.order)
        return plan.page({ ...parts, where: and(parts.where, fromRow(page.order, row)), offset: 0 })
      }
      if (idsFirst && plan.pageIds) return plan.page({ ...parts, where: sql`${plan.idKey.expr} in (${plan.pageIds(parts)})`, offset: 0 })
      if (walksOwnWay) {
        const ids = orderedIds({ filters: { ...named, ...walkTests }, order: page.order, after: page.after, limit: page.limit, offset })
        return plan.page({ ...parts, where: sql`${plan.idKey.expr} in (${ids})`, offset: 0 })
      }
      return plan.page(parts)
    })
    return statement.execute(own.values)
  }
  /**
   * A page of a view read matches first, found instead by walking the sort's index over at most
   * `cap` rows, or the list's own walk over as large a share of the order (from the start, or after
   * a cursor's `values`): its rows, or null when the walk ended before the page was full (the
   * matches lie further on), and only reading them all will do.
   */
  const walkRead = async (cap: number, offset: number, values: unknown[] | null): Promise<Row[] | null> => {
    const walked = plan.walked
    if (!walked) return null
    const entryTests = orderedIds ? [] : narrowing.filter(onEntries)
    const reach = entryTests.length > 0 ? await entryWalkReach(cap) : undefined
    const inStretches = await groupStretches()
    const own = new Placeholders(placeholders)
    const rowTests = plan.rowTests?.(own.bind) ?? {}
    const boundValues = values?.map((v) => (v === null ? null : own.bind(v)))
    const groupsWithin = inStretches && { within: inStretches.stretches.map((stretch) => inStretches.within(stretch, own.bind)), holds: inStretches.holds }
    // The list's own walk is bounded by the share of the order it may examine (unless it reads
    // within stretches), the plain walk by rows, one testing its filters on the index's entries by
    // the key it may go to: from the order's start a bound of the histogram (none when it has
    // fewer), from a key the bound that many on from the key (or the last one, and a walk that
    // comes short is a sort).
    const bound = groupsWithin ? null : own.bind(reach ? offset + request.limit : orderedIds ? cap / (await rowsInScope()) : cap)
    const startEnd = reach && values === null ? (reach.bounds[reach.buckets] ?? null) : null
    const end = !reach
      ? null
      : values === null
        ? startEnd && { fixed: own.bind(startEnd) }
        : { bounds: own.bind(JSON.stringify(reach.bounds)), skipped: own.bind(reach.buckets - 1), last: own.bind(reach.bounds.at(-1)!) }
    const skip = offset > 0 ? own.bind(offset) : null
    const nulls = values ? values.map((v) => v === null) : null
    const stretched = groupsWithin ? { count: groupsWithin.within.length, held: groupsWithin.holds !== undefined } : null
    const reading = { way: 'walk', limit: request.limit, offset: skip !== null, nulls, ends: reach ? end !== null : null, stretched } as const
    const statement = plan.statements.statementFor(plan.db, { ...shape, reading }, () => {
      if (orderedIds) {
        // Its filters applied as the list's own walk applies them.
        const ids = orderedIds({
          filters: { ...named, ...rowTests },
          order: plainKeys,
          ...(boundValues ? { after: boundValues } : {}),
          limit: request.limit,
          offset: skip ?? 0,
          ...(groupsWithin ? { stretches: groupsWithin } : { share: sql`${bound}` }),
        })
        return plan.page({ where: sql`${plan.idKey.expr} in (${ids})`, order: orderBy(plainKeys), limit: inlineLimit(request.limit), offset: 0 })
      }
      const first = plainKeys[0]!
      const [within, beyond] = first.direction === 'asc' ? [sql`<=`, sql`>`] : [sql`>=`, sql`<`]
      const endKey =
        end &&
        ('fixed' in end
          ? typed(first, end.fixed)
          : sql`coalesce((select bound from jsonb_array_elements_text(${end.bounds}::jsonb) with ordinality h(bound, i)
              where bound ${beyond} ${typed(first, boundValues![0])} order by i offset ${end.skipped} limit 1), ${typed(first, end.last)})`)
      const ends = endKey ? sql`${first.expr} ${within} ${endKey}` : undefined
      const tested = reach ? entryTests : []
      const scoped = and(...[...scopeNames, ...tested].map((name) => named[name]), boundValues && after(plainKeys, boundValues), ends)
      const order = orderBy(plainKeys)
      // The walk's order is the page's, so nothing sorts it again and the limit stops it at the page's last row.
      const from = walked({ where: scoped, order, limit: bound! })
      const others = narrowing.filter((name) => !tested.includes(name))
      return plan.page({ where: and(...others.map((name) => rowTests[name] ?? named[name])), order, limit: inlineLimit(request.limit), offset: skip ?? 0, from })
    })
    const rows = await statement.execute(own.values)
    return rows.length === request.limit ? rows : null
  }
  // Matches lying together in the sort's order lie at its start or far on, not spread along it.
  const firstKeyBunched = narrowing.some((name) => namedBy(plainKeys[0]?.bunchedBy, name))
  const firstSort = sort.find((_, i) => !pinned[i])
  /**
   * From the order's start, bunched matches lie after the rows ahead of them (users created in a
   * range, by update newest first: those updated since): the walk passes those when that costs
   * less than sorting the matches. Where the list cannot tell how many are ahead, it looks only as
   * far as the matches would fill the page if they started there.
   */
  const bunchedWalkCap = async (wanted: number): Promise<number | null> => {
    const aheadOf = (bind: Bind) => firstSort && plan.aheadOfBunch?.(firstSort.column, firstSort.direction, bind)
    const ahead = aheadOf(inPlace)
    if (ahead === undefined) {
      const dense = plan.walked ? await walkCap(wanted) : null
      return dense === null ? null : Math.min(dense, wanted * 2)
    }
    if (!plan.walked || !matchesFirst || matches === null || indexOrdered) return null
    const rowsAhead = ahead === null ? 0 : await rowsInScopeWhere({ name: `ahead:${firstSort!.column}:${firstSort!.direction}`, condition: aheadOf })
    const cost = walkedRowCost(await correlationOf(plan.db, plan.sortKeys[firstSort!.column]))
    return (rowsAhead + wanted) * cost < matches ? Math.ceil(rowsAhead * AHEAD_SLACK) + wanted * 4 : null
  }
  // Stretches of the sort key's order that hold every match (a name's start, sorted by name): walked
  // each in order (a sort of one key, which its index serves) and merged, they give the page with
  // no row ahead of the matches passed.
  const oneKey = plainKeys.length === 2
  const stretches = firstSort && oneKey && plan.walked && !indexOrdered && !orderedIds ? ((await plan.stretchesOf?.(firstSort.column)) ?? null) : null
  /** Whether a page of `wanted` rows is read within the stretches: unless other filters leave too few of their rows (then the matches are sorted). */
  const walksStretches = async (wanted: number): Promise<boolean> => {
    if (!stretches || matches === null) return false
    const rowsInStretches = await rowsInScopeWhere({
      name: `stretches:${firstSort!.column}:${stretches.stretches.length}`,
      condition: (bind) => or(...stretches.stretches.map((stretch) => stretches.within(stretch, bind))),
    })
    return boundedWalkCap(matches, rowsInStretches, wanted) !== null
  }
  /** A page read within the stretches (in `order`, the page's or its reverse): after `values`, `offset` rows in. */
  const stretchRead = (page: { order: OrderedKey[]; limit: number; offset: number; values: unknown[] | null }): Promise<Row[]> => {
    const { stretches: all, within, holds } = stretches!
    const own = new Placeholders(placeholders)
    const rowTests = plan.rowTests?.(own.bind) ?? {}
    const [first] = page.values ?? []
    // From a cursor, the stretches it has passed are left out, and only the one it lies in starts at it.
    const places: StretchFrom[] = typeof first === 'string' ? stretchesFrom(all, first, page.order[0]!.direction) : all.map(() => (page.values ? 'within' : 'ahead'))
    const boundValues = page.values?.map((v) => (v === null ? null : own.bind(v)))
    const conditions = all.flatMap((stretch, i) =>
      places[i] === 'passed' ? [] : [and(within(stretch, own.bind), places[i] === 'within' ? after(page.order, boundValues!) : undefined)!],
    )
    if (conditions.length === 0) return Promise.resolve([])
    const perStretch = own.bind(page.limit + page.offset)
    const skip = page.offset > 0 ? own.bind(page.offset) : null
    const reversed = page.order[0]?.direction !== plainKeys[0]?.direction
    const nulls = page.values ? page.values.map((v) => v === null) : null
    const reading = { way: 'stretches', places, limit: page.limit, offset: skip !== null, nulls, reversed } as const
    const statement = plan.statements.statementFor(plan.db, { ...shape, reading }, () => {
      const order = orderBy(page.order)
      // Every filter tested on each row a stretch's walk reads (`is true`, which no index serves), so
      // the walk stops at its page's worth of matches and PostgreSQL never sorts the filters' matches
      // instead; but the one the stretches hold exactly, which it would take to thin their rows out.
      const narrowed = and(...narrowing.filter((name) => name !== holds).map((name) => rowTests[name] ?? named[name]))
      const tested = and(...scopeNames.map((name) => named[name]), narrowed && sql`(${narrowed}) is true`)
      const from = plan.walked!({ where: tested, order, limit: perStretch, stretches: conditions })
      return plan.page({ where: undefined, order, limit: inlineLimit(page.limit), offset: skip ?? 0, from })
    })
    return statement.execute(own.values)
  }
  // A view read matches first that could be walked instead: which way costs less is learned from its reads.
  const sortsOrWalks = matchesFirst && !indexOrdered && plan.walked !== undefined
  /** Reads by a bounded walk when the view's matches are dense enough, else (or when it falls short) as `otherwise` does. */
  const walkingFirst = async (wanted: number, offset: number, values: unknown[] | null, otherwise: () => Promise<Row[]>) => {
    if (await walksStretches(wanted)) return stretchRead({ order: plainKeys, limit: request.limit, offset, values })
    // From a key among bunched matches (a cursor's, a sampled one) the next ones lie right there.
    const modelCap = () => (firstKeyBunched && values === null ? bunchedWalkCap(wanted) : plan.walked ? walkCap(wanted) : Promise.resolve(null))
    if (values === null && sortsOrWalks) return walkedOrSorted(wanted, offset, modelCap, otherwise)
    const cap = await modelCap()
    return (cap !== null ? await walkRead(cap, offset, values) : null) ?? otherwise()
  }
  /**
   * A page `offset` rows from the view's start, walked (at most `modelCap`'s rows, or as far as the
   * view's earlier reads measured worth it) or sorted, each way timed and remembered for its next reads.
   */
  const walkedOrSorted = async (wanted: number, offset: number, modelCap: () => Promise<number | null>, sorted: () => Promise<Row[]>) => {
    const view = `${viewKey()}\u0000${wanted}`
    const cap = await learnedWalk({ modelCap, memory: recalledWays(plan.db, view), wanted, rowsAhead: rowsBefore })
    if (cap !== null) {
      const started = performance.now()
      const walked = await walkRead(cap, offset, null)
      rememberWay(plan.db, view, { walk: { cap, filled: walked !== null, ms: performance.now() - started } })
      if (walked) return walked
    }
    const started = performance.now()
    const rows = await sorted()
    rememberWay(plan.db, view, { sorted: { ms: performance.now() - started, firstKeys: rows[0] ? keysOf(rows[0]) : null } })
    return rows
  }
  /** The planner's estimate of the rows in scope ahead of the row with these sort keys, in the view's order. */
  const rowsBefore = (firstKeys: unknown[]) =>
    rowsInScopeWhere({
      name: `before:${firstKeys.map((v) => (v === null ? 'null' : 'value')).join(',')}`,
      condition: (bind) => after(reverse(plainKeys), firstKeys.map((v) => (v === null ? null : bind(v)))),
      bySortKeys: true,
    })
  /**
   * A page deep into a view read matches first, read between the keys of the rows its exact
   * quantiles rank around it, in the sort's order: PostgreSQL walks the sort's index over that
   * range, or intersects it with the filters' indexes, and skips fewer than a quantile's step (not
   * every match sorted to the offset, each time). Quantiles of a view whose exact count differs
   * from the rows they ranked (others wrote since) are taken again and the page read again; should
   * other changes leave the range short of a page, the matches are `sorted`.
   */
  const betweenRanks = async (source: NonNullable<typeof plan.source>, sorted: () => Promise<Row[]>, retake = false): Promise<Row[]> => {
    const { limit, offset } = request
    const where = totalRequest.whereInPlace()
    const around = await exactKeysAround({ db: plan.db, view: viewKey(), keys, source, where, matching: matches ?? 0, offset, limit, retake })
    if (!around) return sorted()
    const { from, to, ranked } = around
    const skip = offset - (from?.rank ?? 0)
    const nullsOf = (kept: KeptKeys | null) => kept && kept.keys.map((v) => v === null)
    const rows = await read({ way: 'between', limit, offset: skip > 0, from: nullsOf(from), to: nullsOf(to) }, (bind) => {
      const bound = (kept: KeptKeys) => kept.keys.map((v) => (v === null ? null : bind(v)))
      const [lower, upper] = [from && bound(from), to && bound(to)]
      const first = plainKeys[0]!
      const [least, most] = first.direction === 'asc' ? [sql`>=`, sql`<=`] : [sql`<=`, sql`>=`]
      const conditions = [
        lower && after(plainKeys, lower),
        upper && after(reverse(plainKeys), upper),
        // The first key's range again as plain comparisons, which PostgreSQL estimates as one range
        // (two row comparisons it takes for independent halves of the table).
        !first.nullable && lower && sql`${first.expr} ${least} ${typed(first, lower[0])}`,
        !first.nullable && upper && sql`${first.expr} ${most} ${typed(first, upper[0])}`,
      ]
      return {
        extra: and(...conditions.map((condition) => condition || undefined)),
        order: plainKeys,
        limit,
        offset: skip,
      }
    })
    const total = await totalPromise
    if (!retake && total.exact && total.total !== ranked) return betweenRanks(source, sorted, true)
    return rows.length === limit || !to ? rows : sorted()
  }
  /** Rows after `values` in the sort; which of them are null is part of the statement's shape. */
  const readAfter = (values: unknown[], limit: number) =>
    read({ way: 'after', limit, nulls: values.map((v) => v === null) }, (bind) => ({
      after: values.map((v) => (v === null ? null : bind(v))),
      order: keys,
      limit,
    }))

  const sortValuesOf = (row: Row) => [...sort.map((s) => row[s.column]), row.id]
  /** A row's values of the keys the view is ordered by (its pinned ones left out). */
  const keysOf = (row: Row) => unpinned(sortValuesOf(row))
  const cursorOf = (row: Row) => encodeCursor(signature, sortValuesOf(row))
  const finish = (
    rows: Row[],
    total: { total: number; exact: boolean },
    offset: number | null,
    offsetExact: boolean,
    rowsAfter: number | null = null,
  ): ListResult<Row> => {
    const last = rows.length === request.limit ? rows[rows.length - 1] : undefined
    return { rows, total: total.total, totalExact: total.exact, offset, offsetExact, rowsAfter, nextCursor: last ? cursorOf(last) : null }
  }

  /**
   * A name's or an email's start spelled out whole holds the view's matches in stretches of that
   * column's index, which carries deleted_at and the other filters' columns after the id: counted
   * there, stretch by stretch, the start itself not tested again (PostgreSQL would take it for a
   * second, independent condition, and intersect the trigram index with each stretch instead).
   */
  const countedIn = async (): Promise<CountedIn | undefined> => {
    const found = (await filterStretches()).find((stretches) => stretches.holds)
    if (!found) return undefined
    const own = new Placeholders(placeholders)
    const others = and(...names.filter((name) => name !== found.holds).map((name) => named[name]))
    return { stretches: found.stretches.map((stretch) => found.within(stretch, own.bind)), where: others, values: own.values }
  }
  const totalPromise = estimate
    ? estimate.then(async (rows) => totalOf(totalRequest, rows, rows < EXACT_COUNT_BELOW && !totalRequest.kept ? await countedIn() : undefined))
    : totalOf(totalRequest, 0) // kept: read as it is, whatever the estimate
  if (cursor) {
    const rows = walkingFirst(request.limit, 0, cursor, () => readAfter(cursor, request.limit))
    const [page, total] = await Promise.all([rows, totalPromise])
    return finish(page, total, null, false)
  }
  // Matches first, the view is a few thousand rows: any offset into them is as cheap as the first,
  // unless they are dense enough to be walked: a deep position is then sought as in a large view.
  // So is a view in the order of an index when it is too large to count: an offset into its 500,000
  // entries costs 65 ms (10M users, those of no agency), a sampled key's seek a few.
  const seeksDeep = async () =>
    plan.source !== undefined &&
    (indexOrdered
      ? (matches ?? 0) >= EXACT_COUNT_BELOW
      : plan.walked !== undefined && ((await walksStretches(request.limit)) || (await walkCap(request.limit)) !== null))
  if (request.offset <= EXACT_OFFSET_UP_TO || (matchesFirst && !(await seeksDeep()))) {
    const sortedToOffset = () =>
      read({ way: 'start', limit: request.limit, offset: request.offset > 0 }, () => ({
        order: keys,
        limit: request.limit,
        offset: request.offset,
      }))
    const betweenRanked = indexOrdered ? matchesFirst && request.offset > INDEX_SKIP_UP_TO : request.offset > EXACT_OFFSET_UP_TO
    const source = betweenRanked ? plan.source : undefined
    const rows = walkingFirst(request.limit + request.offset, request.offset, null, source ? () => betweenRanks(source, sortedToOffset) : sortedToOffset)
    const [page, total] = await Promise.all([rows, totalPromise])
    return finish(page, total, request.offset, true)
  }

  /** A page far from both ends: where it lies depends on the view's total. */
  const deepPage = async (total: { total: number; exact: boolean }): Promise<ListResult<Row>> => {
    const fromEnd = total.total - request.offset - request.limit
    if (fromEnd <= EXACT_OFFSET_UP_TO) {
      // Near the end: read the reversed order from the end, then turn the rows around.
      const skip = Math.max(0, fromEnd)
      const take = fromEnd < 0 ? request.limit + fromEnd : request.limit
      const fromTheEnd = async () =>
        (await walksStretches(take + skip))
          ? stretchRead({ order: reverse(plainKeys), limit: take, offset: skip, values: null })
          : read({ way: 'end', limit: take, offset: skip > 0 }, () => ({ order: reverse(keys), limit: take, offset: skip }))
      const rows = take > 0 ? (await fromTheEnd()).reverse() : []
      const offset = Math.max(0, total.total - skip - rows.length)
      return finish(rows, total, offset, total.exact, skip)
    }
    const first = keys[0]!
    const fraction = request.offset / total.total
    // The table's histogram says where a key falls in the table, not in a filtered view.
    const bound = narrowing.length > 0 ? null : await boundAt(plan.db, first, first.direction, fraction)
    if (bound === null && plan.source) {
      const values = await sampledKeysAt({ db: plan.db, view: viewKey(), keys, source: plan.source, where: totalRequest.whereInPlace(), matching: total.total, fraction })
      const rows = values ? await walkingFirst(request.limit, 0, values, () => readAfter(values, request.limit)) : []
      return finish(rows, total, request.offset, false)
    }
    if (bound === null) {
      // No histogram for this sort (a joined name, a boolean): a row sampled at that fraction of
      // the table gives the sort keys to continue after.
      const rate = Math.min(1, SAMPLE_ROWS / total.total)
      const skip = Math.max(0, Math.floor(request.offset * rate) - 1)
      const [row] = await read({ way: 'sample', sampled: rate < 1, offset: skip > 0 }, (bind) => ({
        extra: rate < 1 ? sql`random() < ${bind(rate)}` : undefined,
        // Sorted by expressions no index serves, so the sample is one sequential pass plus a small
        // sort, never an index walk of every row up to the position.
        order: rate < 1 ? keys.map((k) => ({ ...k, expr: sql`coalesce(${k.expr}, ${k.expr})` })) : keys,
        limit: 1,
        offset: skip,
      }))
      const rows = row ? await readAfter(unpinned([...sort.map((s) => row[s.column]), row.id]), request.limit) : []
      return finish(rows, total, request.offset, rate === 1 && total.exact)
    }
    const rows = await read({ way: 'seek', limit: request.limit }, (bind) => ({
      extra: first.direction === 'asc' ? sql`${first.expr} >= ${typed(first, bind(bound))}` : sql`${first.expr} <= ${typed(first, bind(bound))}`,
      order: keys,
      limit: request.limit,
    }))
    return finish(rows, total, request.offset, false)
  }
  // A view counted exactly is counted again for every page; a deep page need not wait for it when
  // the view's last count is known: read from that total while the count runs, and kept if they agree.
  const lastCount = lastCountOf(totalRequest)
  if (lastCount === undefined) return deepPage(await totalPromise)
  const guessed = deepPage(lastCount)
  const total = await totalPromise.catch(async (error: unknown) => {
    await guessed.catch(() => {})
    throw error
  })
  if (total.exact && total.total === lastCount.total) return guessed
  // Rows came or went since: read again from the fresh total, and wait for the guess's reads too
  // (a read's own transaction must not end under them).
  const [page] = await Promise.all([deepPage(total), guessed.catch(() => null)])
  return page
}
