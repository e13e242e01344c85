import { z } from 'zod'
import { id, MAX_PAGE_SIZE, text } from './common'
import { ids } from './filters'

/**
 * What a picker asks of a resource other rows point to (a user's agency, their roles): names
 * only, never the counts a `list` page shows, which at millions of users cost seconds. Either the
 * live rows whose name contains `search`, first by name, or the rows of `ids` (deleted ones too:
 * a chip still names an agency deleted since it was chosen).
 */
export const choicesQuery = z
  .object({
    search: text().trim().max(200).default(''),
    ids: ids.optional(),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  })
  .strict()
  .refine((q) => !(q.ids && q.search), { message: 'Ask for either ids or a search, not both', path: ['search'] })

export const choicesResult = z.object({
  rows: z.array(z.object({ id, name: z.string() })),
  /** How many rows the query matches in all (more than `rows` when the limit cut them). */
  total: z.number().int(),
})
export type ChoicesQuery = z.output<typeof choicesQuery>
export type ChoicesResult = z.output<typeof choicesResult>
