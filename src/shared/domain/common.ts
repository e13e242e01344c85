import { z } from 'zod'

export const id = z.uuid({ error: 'Must be a valid id' })
export const timestamp = z.iso.datetime({ offset: true, error: 'Must be an ISO timestamp' })

/** A required display name: trimmed, never blank, bounded. */
export const requiredName = (label: string, max = 200) =>
  z
    .string({ error: `${label} is required` })
    .trim()
    .min(1, `${label} is required`)
    .max(max, `${label} must be at most ${max} characters`)

export const sortDirection = z.enum(['asc', 'desc'])
export type SortDirection = z.infer<typeof sortDirection>

/** Which rows a soft-deleting resource lists. */
export const deletedMode = z.enum(['exclude', 'include', 'only'])
export type DeletedMode = z.infer<typeof deletedMode>

const filterText = z.string().trim().max(200)

/** Text filters match anywhere in the value, ignoring case. */
export const textFilter = filterText.optional()

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
      after: z.string().max(2000).nullish(),
      /** A reload: read from the database, not from the cache (the fresh page is then cached). */
      fresh: z.boolean().optional(),
      /**
       * A caller's name for this request's purpose (e.g. `users-count`): a newer request with the
       * same name cancels this one's query if it is still running. Not part of what is read.
       */
      supersede: z.string().min(1).max(100).optional(),
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

/**
 * A batch of staged changes, applied in one transaction. Inserts carry a `clientId` so the
 * caller can match them to the ids they get; updates carry the `updatedAt` they were read
 * with (optimistic concurrency) unless the user chose to overwrite.
 */
export const saveBatch = <Insert extends z.ZodType, Update extends z.ZodType>(insert: Insert, update: Update) =>
  z
    .object({
      inserts: z.array(insert).max(10_000).default([]),
      updates: z.array(update).max(10_000).default([]),
      deletes: z.array(rowRef).max(10_000).default([]),
    })
    .strict()

/** The batch of a resource that deletes softly: deleted rows can be brought back. */
export const softDeleteSaveBatch = <Insert extends z.ZodType, Update extends z.ZodType>(insert: Insert, update: Update) =>
  saveBatch(insert, update).extend({ restores: z.array(rowRef).max(10_000).default([]) })

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

export const clientId = z.string().min(1).max(100)
