import { and, sql, type Placeholder, type SQL, type SQLWrapper } from 'drizzle-orm'
import type { ListResult, SortDirection } from '../../shared/schemas/common'
import type { RosterDb } from '../db/client'
import { boundAt, EXACT_OFFSET_UP_TO, SAMPLE_ROWS, type SeekableKey } from './deep-page-seek'
import { after, decodeCursor, encodeCursor, signatureOf, typed } from './keyset-cursor'
import { filtersInForce, inlineLimit, orderBy, requestedOrder, reverse, type ListOrder, type NamedFilters, type OrderedKey } from './list-query'
import { totalOf } from './list-total'
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
  /** `select 1 from … where …`: the rows the list matches, counted or estimated. */
  matching(where: SQL | undefined): SQLWrapper
}

/** One way of reading a page: extra conditions (values put in through `bind`), order, size and offset. */
interface PageRead {
  extra?: SQL | undefined
  order: OrderedKey[]
  limit: number
  offset?: number
}

/**
 * One page of a list. Sequential pages follow the keyset cursor; a position near the start is an
 * OFFSET, near the end the reversed order read backwards, and anywhere else a seek to the sort
 * key pg_stats puts at that fraction of the table, so no page costs a scan of all before it.
 * Each way of reading is one prepared statement per shape (sort, which filters, how it reads),
 * run with that request's values.
 */
export async function runList<Row extends { id: string }, Column extends string & keyof Row>(
  plan: ListPlan<Row, Column>,
  request: ListRequest<Column>,
): Promise<ListResult<Row>> {
  const sort = request.sort.length ? request.sort : plan.defaultSort
  const keys = requestedOrder(plan, sort)
  const signature = signatureOf(sort)
  const placeholders = new Placeholders()
  const { names, where } = filtersInForce(plan.filters(placeholders.bind))
  const shape = { list: plan.name, sort: signature, filters: names }

  /** Reads a page the way `reading` names; its SQL comes from `pageRead` the first time the shape is seen. */
  const read = (reading: Reading, pageRead: (bind: Bind) => PageRead) => {
    const own = new Placeholders(placeholders)
    const page = pageRead(own.bind)
    // Left out when zero, so such a statement has no parameter to plan for.
    const offset = page.offset ? own.bind(page.offset) : 0
    const statement = plan.statements.statementFor(plan.db, { ...shape, reading }, () =>
      plan.page({ where: and(where, page.extra), order: orderBy(page.order), limit: inlineLimit(page.limit), offset }),
    )
    return statement.execute(own.values)
  }
  /** Rows after `values` in the sort; which of them are null is part of the statement's shape. */
  const readAfter = (values: unknown[], limit: number) =>
    read({ way: 'after', limit, nulls: values.map((v) => v === null) }, (bind) => ({
      extra: after(
        keys,
        values.map((v) => (v === null ? null : bind(v))),
      ),
      order: keys,
      limit,
    }))

  const cursorOf = (row: Row) => encodeCursor(signature, [...sort.map((s) => row[s.column]), row.id])
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

  // A refused cursor must refuse before any query starts, so no count is left running unawaited.
  const cursor = request.after ? decodeCursor(request.after, signature, keys) : null
  const totalPromise = totalOf({
    db: plan.db,
    shape,
    where,
    values: placeholders.values,
    whereInPlace: () => filtersInForce(plan.filters(inPlace)).where,
    matching: plan.matching,
  })
  if (cursor) {
    const [rows, total] = await Promise.all([readAfter(cursor, request.limit), totalPromise])
    return finish(rows, total, null, false)
  }
  if (request.offset <= EXACT_OFFSET_UP_TO) {
    const rows = read({ way: 'start', limit: request.limit, offset: request.offset > 0 }, () => ({
      order: keys,
      limit: request.limit,
      offset: request.offset,
    }))
    const [page, total] = await Promise.all([rows, totalPromise])
    return finish(page, total, request.offset, true)
  }

  const total = await totalPromise
  const fromEnd = total.total - request.offset - request.limit
  if (fromEnd <= EXACT_OFFSET_UP_TO) {
    // Near the end: read the reversed order from the end, then turn the rows around.
    const skip = Math.max(0, fromEnd)
    const take = fromEnd < 0 ? request.limit + fromEnd : request.limit
    const rows =
      take > 0
        ? (await read({ way: 'end', limit: take, offset: skip > 0 }, () => ({ order: reverse(keys), limit: take, offset: skip }))).reverse()
        : []
    const offset = Math.max(0, total.total - skip - rows.length)
    return finish(rows, total, offset, total.exact, skip)
  }
  const first = keys[0]!
  const bound = await boundAt(plan.db, first, first.direction, request.offset / total.total)
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
    const rows = row ? await readAfter([...sort.map((s) => row[s.column]), row.id], request.limit) : []
    return finish(rows, total, request.offset, rate === 1 && total.exact)
  }
  const rows = await read({ way: 'seek', limit: request.limit }, (bind) => ({
    extra: first.direction === 'asc' ? sql`${first.expr} >= ${typed(first, bind(bound))}` : sql`${first.expr} <= ${typed(first, bind(bound))}`,
    order: keys,
    limit: request.limit,
  }))
  return finish(rows, total, request.offset, false)
}
