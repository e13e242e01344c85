import { z } from 'zod'

export const id = z.uuid({ error: 'Must be a valid id' })

/** A lone UTF-16 surrogate: in `u` mode a properly paired one is a single code point and does not match. */
const loneSurrogate = /\p{Cs}/u

/** Why a string cannot be stored as it was sent, or null when it can. */
export function unstorableText(value: string): string | null {
  // PostgreSQL text cannot hold NUL at all; a lone surrogate would silently become U+FFFD.
  if (value.includes('\u0000')) return 'Must not contain a NUL character'
  if (loneSurrogate.test(value)) return 'Contains a broken character (a lone UTF-16 surrogate)'
  return null
}

/**
 * Text as PostgreSQL stores it exactly: every string field of every input starts from this, so
 * none can carry a NUL (refused by the database mid-query) or a lone surrogate (saved as U+FFFD).
 */
export const text = (params?: Parameters<typeof z.string>[0]) =>
  z.string(params).check((ctx) => {
    const problem = unstorableText(ctx.value)
    if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value })
  })
export const timestamp = z.iso.datetime({ offset: true, error: 'Must be an ISO timestamp' })

/** A required display name: trimmed, never blank, bounded. */
export const requiredName = (label: string, max = 200) =>
  text({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)

export const sortDirection = z.enum(['asc', 'desc'])
export type SortDirection = z.infer<typeof sortDirection>

/** Which rows a soft-deleting resource lists. */
export const deletedMode = z.enum(['exclude', 'include', 'only'])
export type DeletedMode = z.infer<typeof deletedMode>

const filterText = text().trim().max(200)

export const MAX_PAGE_SIZE = 1000

/**
 * The query every resource's `list` takes: sort on whitelisted columns, filters, a global
 * search, and a page addressed either by offset or by keyset cursor (`after`, from the
 * previous page's `nextCursor`), which costs the same at any depth.
 */
export const listQuery = <Sort extends readonly [string, ...string[]], Filters extends z.ZodRawShape>(
  sortColumns: Sort,
  filters: Filters,
) =>
  z
    .object({
      sort: z
        .array(z.object({ column: z.enum(sortColumns), direction: sortDirection }))
        .max(4, 'Sort by at most 4 columns')
        .default([]),
      filters: z.object(filters).strict().default({} as never),
      search: filterText.default(''),
      limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(100),
      offset: z.number().int().min(0).default(0),
      after: text().max(2000).nullish(),
      /** A reload: read from the database, not from the cache (the fresh page is then cached). */
      fresh: z.boolean().optional(),
      /**
       * A caller's name for this request's purpose (e.g. `users-count`): a newer request with the
       * same name cancels this one's query if it is still running. Not part of what is read.
       */
      supersede: text().min(1).max(100).optional(),
    })
    .strict()
    .refine((q) => !(q.after && q.offset > 0), { message: 'Use either offset or after, not both', path: ['after'] })

export const listResult = <Row extends z.ZodType>(row: Row) =>
  z.object({
    rows: z.array(row),
    /** Rows matching the query: exact, or the planner's estimate on large tables (`totalExact: false`). */
    total: z.number().int(),
    totalExact: z.boolean(),
    /** Position of the first row; null when the page was addressed by cursor. */
    offset: z.number().int().nullable(),
    /** False when a deep position was sought by key and the row's exact rank is not known. */
    offsetExact: z.boolean(),
    /**
     * Rows after this page when it was read back from the end: exact even where the total is an
     * estimate, so once the exact count is known the page's position is too. Null otherwise.
     */
    rowsAfter: z.number().int().nullable(),
    /** Cursor for the page after this one; null on the last page. */
    nextCursor: z.string().nullable(),
  })

export interface ListResult<Row> {
  rows: Row[]
  total: number
  totalExact: boolean
  offset: number | null
  offsetExact: boolean
  rowsAfter: number | null
  nextCursor: string | null
}

/** The exact number of rows a list query matches, counted apart so a large count never holds up a page. */
export const countResult = z.object({ total: z.number().int() })

const rowRef = z.object({ id }).strict()
const rows = <Row extends z.ZodType>(row: Row) => z.array(row).max(10_000).default([])

/** What a batch holds, as far as telling its rows apart goes. */
interface BatchRows {
  inserts: { clientId: string }[]
  updates: { id: string }[]
  deletes: { id: string }[]
  restores?: { id: string }[]
}

const done = { updates: 'updated', deletes: 'deleted', restores: 'restored' } as const

/**
 * Each row at most once per batch: two changes to one row would be applied half-way or reported
 * as someone else's doing. Issues sit on the repeated row (`_row`), so the caller can point at it.
 */
function eachRowOnce(ctx: z.core.ParsePayload<BatchRows>) {
  const seen = new Map<string, keyof typeof done>()
  for (const list of ['updates', 'deletes', 'restores'] as const) {
    ctx.value[list]?.forEach((row, index) => {
      const first = seen.get(row.id)
      if (first === undefined) return void seen.set(row.id, list)
      const message =
        first === list
          ? `This row is ${done[list]} twice in one save`
          : `This row is both ${done[first]} and ${done[list]} in one save: keep one of the two`
      ctx.issues.push({ code: 'custom', message, input: row, path: [list, index, '_row'] })
    })
  }
  const clientIds = new Set<string>()
  ctx.value.inserts.forEach((row, index) => {
    if (clientIds.has(row.clientId)) {
      const message = `Two new rows have the same client id ${row.clientId}`
      ctx.issues.push({ code: 'custom', message, input: row, path: ['inserts', index, '_row'] })
    }
    clientIds.add(row.clientId)
  })
}

/**
 * A batch of staged changes, applied in one transaction. Inserts carry a `clientId` so the
 * caller can match them to the ids they get; updates carry the `updatedAt` they were read
 * with (optimistic concurrency) unless the user chose to overwrite. A row appears once.
 */
export const saveBatch = <Insert extends z.ZodType<{ clientId: string }>, Update extends z.ZodType<{ id: string }>>(insert: Insert, update: Update) =>
  z.object({ inserts: rows(insert), updates: rows(update), deletes: rows(rowRef) }).strict().check(eachRowOnce)

/** The batch of a resource that deletes softly: deleted rows can be brought back. */
export const softDeleteSaveBatch = <Insert extends z.ZodType<{ clientId: string }>, Update extends z.ZodType<{ id: string }>>(
  insert: Insert,
  update: Update,
) => z.object({ inserts: rows(insert), updates: rows(update), deletes: rows(rowRef), restores: rows(rowRef) }).strict().check(eachRowOnce)

export const updateOf = <Changes extends z.ZodRawShape>(changes: Changes) =>
  z
    .object({
      id,
      updatedAt: timestamp,
      overwrite: z.boolean().default(false),
      changes: z.object(changes).partial().strict(),
    })
    .strict()

export const saveResult = z.object({
  inserted: z.array(z.object({ clientId: z.string(), id: z.string() })),
  updated: z.number().int(),
  deleted: z.number().int(),
  restored: z.number().int(),
})
export type SaveResult = z.infer<typeof saveResult>

export const clientId = text().min(1).max(100)
