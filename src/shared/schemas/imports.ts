import { z } from 'zod'
import { resourceNames, resources, type ResourceName } from './resources'
import { text } from './common'

/** Files past this are refused before a byte is parsed: larger exports are split first. */
export const MAX_IMPORT_FILE_BYTES = 512 * 1024 * 1024
/** Failing rows listed (and downloadable) per check; the counts stay exact beyond it. */
export const MAX_LISTED_FAILURES = 5_000
/** Rows shown in the preview. */
export const PREVIEW_ROWS = 20

/** The fields an import can set: the CSV columns that set one, with the header export writes. */
export function importFields(resource: ResourceName): { field: string; header: string }[] {
  return resources[resource].csv.columns.flatMap((c) => (c.sets ? [{ field: c.sets, header: c.header }] : []))
}

/** Headers compare ignoring case, spaces, `_` and `-`: "E-mail", "EMAIL " and "email" are one. */
const headerKey = (header: string) => header.toLowerCase().replace(/[\s_-]+/g, '')

/**
 * The field a file's column header names, or null: an export's header (the resource's `csv.columns`) or the field's
 * own name. Read-only columns of an export (Created, Users, …) name no field.
 */
export function fieldForHeader(resource: ResourceName, header: string): string | null {
  const key = headerKey(header)
  return importFields(resource).find((f) => headerKey(f.header) === key || headerKey(f.field) === key)?.field ?? null
}

/** Columns an export writes that an import reads past: they are shown, never an "unknown" header. */
export function isReadOnlyHeader(resource: ResourceName, header: string): boolean {
  return resources[resource].csv.columns.some((c) => !c.sets && headerKey(c.header) === headerKey(header))
}

export const importResource = z.enum(resourceNames)
export const importDelimiter = z.enum([',', ';', '\t'])
export type ImportDelimiter = z.infer<typeof importDelimiter>
/** UTF-8 (with or without BOM; a UTF-16 BOM is honoured too), or Windows' Western encoding that Excel's plain "CSV" writes. */
export const importEncoding = z.enum(['utf-8', 'windows-1252'])
export type ImportEncoding = z.infer<typeof importEncoding>
/** insert: new rows only; update: matching rows only; both: update those that match, insert the rest. */
export const importMode = z.enum(['insert', 'update', 'both'])
export type ImportMode = z.infer<typeof importMode>

const fileId = z.uuid()
export const importFileInfo = z.object({ fileId, name: z.string(), size: z.number().int() })
export type ImportFileInfo = z.infer<typeof importFileInfo>

export const importPickResult = z.object({ file: importFileInfo.nullable() })

const readOptions = {
  fileId,
  resource: importResource,
  /** Absent: detected from the header line. */
  delimiter: importDelimiter.optional(),
  encoding: importEncoding.default('utf-8'),
}

export const importPreviewInput = z.object(readOptions).strict()
export type ImportPreviewInput = z.input<typeof importPreviewInput>

export const importPreview = z.object({
  delimiter: importDelimiter,
  headers: z.array(z.string()),
  /** The first rows, as read. */
  rows: z.array(z.array(z.string())),
  /** Each column's field, matched by its header; null: not imported. */
  mapping: z.array(z.string().nullable()),
  /** Things to know before going on (unknown or repeated headers), as sentences. */
  notes: z.array(z.string()),
})
export type ImportPreview = z.infer<typeof importPreview>

/** A job's name, chosen by the caller so it can ask for progress and cancel while the call runs. */
const jobId = text().min(1).max(100)

export const importCheckInput = z
  .object({
    ...readOptions,
    /** One entry per file column: the field it sets, or null to leave it out. */
    mapping: z.array(text().max(100).nullable()).max(1000),
    mode: importMode,
    jobId,
  })
  .strict()
export type ImportCheckInput = z.input<typeof importCheckInput>

/** One problem with one row: `row` as a spreadsheet numbers it (the header is row 1). */
export const importIssue = z.object({ row: z.number().int(), field: z.string(), message: z.string() })
export type ImportIssue = z.infer<typeof importIssue>

export const importCheck = z.object({
  /** Pass it to `imports.apply`; null while errors remain. */
  checkId: z.string().nullable(),
  rows: z.number().int(),
  inserts: z.number().int(),
  updates: z.number().int(),
  /** Rows matched that set no field an update changes (an agency's only field is its name). */
  unchanged: z.number().int(),
  /** Exact: every problem found, in every row. */
  errorCount: z.number().int(),
  failingRowCount: z.number().int(),
  /** The first MAX_LISTED_FAILURES failing rows' problems, in row order. */
  errors: z.array(importIssue),
  /** Those rows as read, for the downloadable CSV of failing rows. */
  failingRows: z.array(z.object({ row: z.number().int(), values: z.array(z.string()) })),
  headers: z.array(z.string()),
})
export type ImportCheck = z.infer<typeof importCheck>

export const importApplyInput = z.object({ checkId: z.uuid(), jobId }).strict()
export const importApplyResult = z.object({ inserted: z.number().int(), updated: z.number().int() })
export type ImportApplyResult = z.infer<typeof importApplyResult>

export const importJobRef = z.object({ jobId }).strict()
export const importProgress = z.object({
  /** reading: the file is parsed and each row checked; checking: the database checks; writing: applying. */
  phase: z.enum(['reading', 'checking', 'writing', 'done']).nullable(),
  rows: z.number().int(),
  bytesRead: z.number().int(),
  totalBytes: z.number().int(),
})
export type ImportProgress = z.infer<typeof importProgress>

export const importFileRef = z.object({ fileId }).strict()
export const importCancelled = z.object({ cancelled: z.boolean() })
