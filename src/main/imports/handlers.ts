import { randomUUID } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { fieldForHeader, importFields, isReadOnlyHeader, PREVIEW_ROWS, type ImportPreview } from '../../shared/schemas/imports'
import type { ResourceName } from '../../shared/schemas/resources'
import type { CallContext, Handlers } from '../api'
import { ApiFailure } from '../api-failure'
import { openCsv } from '../csv/parse'
import type { ImportFiles } from '../csv/import-files'
import type { DatabaseSession } from '../session'
import { ImportJobs } from './jobs'
import { applyImport, checkImport, failingRows, type ImportPlan, type PassedRows } from './run-import'

export type ImportMethodName = Extract<keyof Handlers, `imports.${string}`>
export type ImportHandlers = Pick<Handlers, ImportMethodName>

export interface ImportDeps {
  session: DatabaseSession
  files: ImportFiles
  /** The desktop app's open dialog (Electron, injected by src/main/index.ts); absent in browser mode. */
  pickFile?: () => Promise<string | null>
}

/**
 * A check that passed, kept so its apply writes exactly what was checked (and what it matched): the
 * rows as staged, whatever happens to the file since.
 */
interface PassedCheck extends PassedRows {
  owner: string
  fileId: string
  plan: ImportPlan
}

const CHECKS_PER_CALLER = 4
const ownerOf = (context: CallContext) => context.clientId ?? 'local'

/** What a preview says before the admin goes on: headers it cannot place, repeated ones, a likely wrong separator. */
function previewNotes(resource: ResourceName, headers: string[], mapping: (string | null)[]): string[] {
  const notes: string[] = []
  const fields = importFields(resource)
  if (mapping.every((field) => field === null)) {
    notes.push(`No column header names a field of ${resource} (${fields.map((f) => f.header).join(', ')}): does the file start with a header row?`)
  }
  if (headers.length === 1 && /[,;\t]/.test(headers[0]!)) {
    notes.push(`The header reads as one column, "${headers[0]}": the file seems to use another separator. Choose it above.`)
  }
  headers.forEach((header, index) => {
    const field = fieldForHeader(resource, header)
    if (header === '') notes.push(`Column ${index + 1} has no header: it is not imported unless you map it.`)
    else if (field !== null && mapping[index] === null) notes.push(`"${header}" appears more than once: only its first column is imported unless you map another.`)
    else if (field === null && !isReadOnlyHeader(resource, header) && headers.length > 1) {
      notes.push(`Column "${header}" names no field of ${resource}: it is not imported unless you map it.`)
    }
  })
  return notes
}

/** Each header's field, the first column naming a field taking it. */
function autoMapping(resource: ResourceName, headers: string[]): (string | null)[] {
  const taken = new Set<string>()
  return headers.map((header) => {
    const field = fieldForHeader(resource, header)
    if (field === null || taken.has(field)) return null
    taken.add(field)
    return field
  })
}

/** The imports.* methods: pick or upload a file, preview it, check it, apply it; progress and cancel. */
export function createImportHandlers({ session, files, pickFile }: ImportDeps): ImportHandlers {
  const jobs = new ImportJobs()
  const checks = new Map<string, PassedCheck>()

  const forget = (checkId: string) => {
    const check = checks.get(checkId)
    checks.delete(checkId)
    if (check) void rm(check.rowsPath, { force: true })
  }
  const remember = (check: PassedCheck): string => {
    const mine = [...checks.entries()].filter(([, c]) => c.owner === check.owner)
    for (const [id] of mine.slice(0, Math.max(0, mine.length - CHECKS_PER_CALLER + 1))) forget(id)
    const checkId = randomUUID()
    checks.set(checkId, check)
    return checkId
  }

  return {
    'imports.pickFile': async (_input, context) => {
      if (!pickFile) throw new ApiFailure('not_found', 'Choosing a file this way needs the desktop app: in a browser, upload the file.')
      const path = await pickFile()
      return { file: path === null ? null : await files.register(path, ownerOf(context)) }
    },
    'imports.discard': async ({ fileId }, context) => {
      await files.discard(fileId, ownerOf(context))
      return { fileId }
    },
    'imports.preview': async ({ fileId, resource, delimiter, encoding }, context): Promise<ImportPreview> => {
      const file = await openCsv(files.get(fileId, ownerOf(context)).path, { delimiter, encoding })
      const rows: string[][] = []
      for await (const record of file.records()) {
        rows.push(record.values)
        if (rows.length >= PREVIEW_ROWS) break
      }
      const mapping = autoMapping(resource, file.headers)
      return { delimiter: file.delimiter, headers: file.headers, rows, mapping, notes: previewNotes(resource, file.headers, mapping) }
    },
    'imports.check': async ({ fileId, jobId, ...plan }, context) => {
      const owner = ownerOf(context)
      const { path } = files.get(fileId, owner)
      const rowsPath = await files.scratchPath()
      return jobs.run(owner, jobId, (await stat(path)).size, async (job) => {
        const outcome = await checkImport(session.database, path, plan, job, rowsPath).catch(async (error: unknown) => {
          await rm(rowsPath, { force: true })
          throw error
        })
        const { problems } = outcome
        const errors = problems.listed()
        const checkId = problems.count === 0 ? remember({ owner, fileId, plan, rowsPath, matched: outcome.matched, names: outcome.names }) : null
        if (checkId === null) await rm(rowsPath, { force: true })
        job.progress.phase = 'done'
        return {
          checkId,
          rows: outcome.rows,
          inserts: outcome.inserts,
          updates: outcome.updates,
          unchanged: outcome.unchanged,
          errorCount: problems.count,
          failingRowCount: problems.rows.size,
          errors,
          failingRows: await failingRows(path, plan, new Set(errors.map((error) => error.row))),
          headers: outcome.headers,
        }
      })
    },
    'imports.apply': async ({ checkId, jobId }, context) => {
      const owner = ownerOf(context)
      const check = checks.get(checkId)
      if (!check || check.owner !== owner) throw new ApiFailure('not_found', 'That check is no longer known: check the file again.')
      // Taken out while it runs, so a second apply of the same check (which would insert its rows
      // twice) finds nothing; put back if this one writes nothing, so it can be tried again.
      checks.delete(checkId)
      try {
        const written = await jobs.run(owner, jobId, 0, (job) => applyImport(session.database, check.plan, job, check))
        void rm(check.rowsPath, { force: true })
        return written
      } catch (error) {
        checks.set(checkId, check)
        throw error
      }
    },
    'imports.progress': async ({ jobId }, context) => jobs.progress(ownerOf(context), jobId),
    'imports.cancel': async ({ jobId }, context) => ({ cancelled: await jobs.cancel(ownerOf(context), jobId) }),
  }
}
