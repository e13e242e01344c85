import { z } from 'zod'
import { id, text, timestamp } from './common'

/**
 * Column filters with operators. Each takes its operator form `{ op, … }`; the plain values the
 * grids sent before (a string for "contains", an agency id or `none`, a role id, a boolean) are
 * still accepted and read as the operator they always meant, so a service sees one form only.
 */

const filterText = text().trim().min(1, 'Type something to filter by').max(200)

/** Up to this many agencies or roles in one "any of"/"all of"/"none of" filter. */
export const MAX_FILTER_IDS = 100

/** Chosen rows of another resource, by id: at least one, at most MAX_FILTER_IDS, each once. */
export const ids = z
  .array(id)
  .min(1, 'Choose at least one')
  .max(MAX_FILTER_IDS, `Choose at most ${MAX_FILTER_IDS}`)
  .transform((values) => [...new Set(values)])

/** Text: contains / equals / starts with ignore case; empty means null or ''. */
export const textCondition = z.discriminatedUnion('op', [
  z.object({ op: z.enum(['contains', 'equals', 'startsWith']), value: filterText }).strict(),
  z.object({ op: z.enum(['empty', 'notEmpty']) }).strict(),
])
export type TextCondition = z.output<typeof textCondition>

/** A bare string is "contains", as every text filter meant before operators; a blank one filters nothing. */
export const textFilter = z
  .union([
    text()
      .trim()
      .max(200)
      .transform((value): TextCondition | undefined => (value === '' ? undefined : { op: 'contains', value })),
    textCondition,
  ])
  .optional()

/** A reference to one row of another table (a user's agency): is, is none, any of. */
export const referenceCondition = z.discriminatedUnion('op', [
  z.object({ op: z.literal('is'), value: id }).strict(),
  z.object({ op: z.literal('none') }).strict(),
  z.object({ op: z.literal('anyOf'), values: ids }).strict(),
])
export type ReferenceCondition = z.output<typeof referenceCondition>

/** An id is "is"; `none` is "is none". */
export const referenceFilter = z
  .union([
    z.literal('none').transform((): ReferenceCondition => ({ op: 'none' })),
    id.transform((value): ReferenceCondition => ({ op: 'is', value })),
    referenceCondition,
  ])
  .optional()

/** A set of references (a user's roles): has any of, has all of, has none of. */
export const setCondition = z.object({ op: z.enum(['anyOf', 'allOf', 'noneOf']), values: ids }).strict()
export type SetCondition = z.output<typeof setCondition>

/** An id is "has any of" that one. */
export const setFilter = z.union([id.transform((value): SetCondition => ({ op: 'anyOf', values: [value] })), setCondition]).optional()

/** Yes or no; `{ op: 'is', value }` is the same as the bare boolean. */
export const booleanFilter = z
  .union([z.boolean(), z.object({ op: z.literal('is'), value: z.boolean() }).strict().transform((c) => c.value)])
  .optional()

/** Longest "last N days" a filter takes (about 100 years). */
export const MAX_LAST_DAYS = 36_500

/**
 * Timestamps: before (<), after (>=), between (from inclusive, to exclusive) and the last N days
 * counted back from the database's clock, so a saved view stays relative.
 */
export const dateCondition = z.discriminatedUnion('op', [
  z.object({ op: z.enum(['before', 'after']), value: timestamp }).strict(),
  z
    .object({ op: z.literal('between'), from: timestamp, to: timestamp })
    .strict()
    .refine((c) => Date.parse(c.from) < Date.parse(c.to), { message: 'The end must come after the start', path: ['to'] }),
  z.object({ op: z.literal('lastDays'), days: z.number().int().min(1).max(MAX_LAST_DAYS) }).strict(),
])
export type DateCondition = z.output<typeof dateCondition>
export const dateFilter = dateCondition.optional()
