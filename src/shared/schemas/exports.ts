import { z } from 'zod'
import { text } from './common'
import { resourceNames, resources } from './resources'

/**
 * An export of a grid's view: the resource, the list query the grid sends (its search, filters,
 * sort and deleted rows; the page it names is not used, every row is written), the columns (all
 * the view shows when absent) and whether the file starts with a BOM for Excel.
 */
export const exportStartInput = z
  .object({
    resource: z.enum(resourceNames),
    query: z.record(z.string(), z.unknown()).default({}),
    columns: z.array(text().max(100)).min(1, 'Choose at least one column').max(20).optional(),
    excelBom: z.boolean().default(false),
  })
  .strict()
  .check((ctx) => {
    const { resource, query, columns } = ctx.value
    // The query by the resource's own rules, its issues placed under `query`.
    const parsed = resources[resource].listQuery.safeParse(query)
    for (const issue of parsed.error?.issues ?? []) {
      ctx.issues.push({ code: 'custom', message: issue.message, input: query, path: ['query', ...issue.path] })
    }
    const headers = resources[resource].csv.columns
    columns?.forEach((column, index) => {
      if (!headers.some((c) => c.header === column)) {
        ctx.issues.push({ code: 'custom', message: `${resource} have no column ${column}`, input: column, path: ['columns', index] })
      }
    })
  })
export type ExportStartInput = z.input<typeof exportStartInput>

const exportId = text().min(1).max(100)

export const exportStarted = z.discriminatedUnion('started', [
  /** The admin closed the save dialog: nothing was written. */
  z.object({ started: z.literal(false) }),
  z.object({
    started: z.literal(true),
    id: exportId,
    /** The file's name, for messages. */
    fileName: z.string(),
    /** Browser mode: the address the file downloads from, once. Null: the app writes the file itself. */
    download: z.string().nullable(),
  }),
])
export type ExportStarted = z.infer<typeof exportStarted>

export const exportRef = z.object({ id: exportId }).strict()

export const exportState = z.enum(['waiting', 'running', 'done', 'cancelled', 'failed'])
export type ExportState = z.infer<typeof exportState>

export const exportProgress = z.object({
  id: exportId,
  state: exportState,
  fileName: z.string(),
  rowsWritten: z.number().int(),
  /** Rows the view matches: the planner's estimate on large tables (`totalExact: false`); null until known. */
  total: z.number().int().nullable(),
  totalExact: z.boolean(),
  /** What happened, as a sentence, once the export ended; null while it runs. */
  message: z.string().nullable(),
})
export type ExportProgress = z.infer<typeof exportProgress>
