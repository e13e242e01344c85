import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { basename } from 'node:path'
import type { Writable } from 'node:stream'
import type { z } from 'zod'
import type { ExportProgress, ExportStarted, exportStartInput } from '../../shared/schemas/exports'
import { resources, type ResourceName } from '../../shared/schemas/resources'
import type { CallContext } from '../api'
import { ApiFailure } from '../api-failure'
import type { Database } from '../db/client'
import { toApiError } from '../db/pg-sentences'
import { servedResource } from '../resources'
import type { DatabaseSession } from '../session'
import { writeExportFile } from './export-file'
import { runExport } from './export-run'

type StartInput = z.output<typeof exportStartInput>

/** A download not fetched within this is dropped (its link then opens nothing). */
export const DOWNLOAD_WAIT_MS = 2 * 60_000
/** Finished exports kept for their progress to be read, oldest dropped first. */
const KEPT_FINISHED = 20
/** Downloads waiting to be fetched past this are dropped, oldest first: a runaway caller holds no more. */
const MAX_WAITING = 16

export interface ExportJobsOptions {
  session: DatabaseSession
  /**
   * Desktop: asks where to save (Electron's save dialog, injected by src/main/index.ts); null when
   * the admin closes it. Absent in browser mode, where the file is a download the web server streams.
   */
  chooseFile?: (suggestedName: string) => Promise<string | null>
}

interface Job extends ExportProgress {
  owner: string | undefined
  controller: AbortController
  /** Browser mode: the digest of its one-time download ticket, until the download starts. */
  ticket: string | null
  /** Writes the export into a sink; the job's progress follows it. */
  write(sink: Writable): Promise<number>
}

/** A download the web server streams (browser mode). */
export interface ExportDownload {
  fileName: string
  /** Writes the CSV into `sink` (the HTTP response); rejects if the export stops before its end. */
  write(sink: Writable): Promise<void>
}

const digest = (ticket: string) => createHash('sha256').update(ticket).digest('hex')
const today = () => new Date().toISOString().slice(0, 10)
const rowsText = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'row' : 'rows'}`

/**
 * The CSV exports of this app's life: started through the API, written to a file the admin chose
 * (desktop) or streamed as a download by the web server (browser mode), followed and cancelled
 * through the API by the client that started them. Electron-free: the save dialog is injected.
 */
export class ExportJobs {
  readonly #jobs = new Map<string, Job>()
  readonly #running = new Set<Promise<void>>()
  readonly #options: ExportJobsOptions

  constructor(options: ExportJobsOptions) {
    this.#options = options
  }

  /** The contract's `exports.*` methods. */
  readonly handlers = {
    'exports.start': (input: StartInput, context: CallContext) => this.start(input, context),
    'exports.progress': async ({ id }: { id: string }, context: CallContext) => this.#view(this.#own(id, context)),
    'exports.cancel': async ({ id }: { id: string }, context: CallContext) => {
      const job = this.#own(id, context)
      if (job.state === 'waiting') this.#finish(job, 'cancelled', 'Export cancelled: nothing was downloaded.')
      job.controller.abort()
      return this.#view(job)
    },
  }

  async start(input: StartInput, context: CallContext): Promise<ExportStarted> {
    const database = this.#options.session.database
    const suggested = `${input.resource}-${today()}.csv`
    const { chooseFile } = this.#options
    const path = chooseFile ? await chooseFile(suggested) : null
    if (chooseFile && path === null) return { started: false }
    const fileName = path ? basename(path) : suggested
    const ticket = path ? null : randomBytes(32).toString('base64url')
    const job = this.#add({ ...input, database, fileName, owner: context.clientId, ticket: ticket && digest(ticket) })
    if (path) void this.#run(job, () => writeExportFile(path, (sink) => job.write(sink)))
    else setTimeout(() => job.state === 'waiting' && this.#finish(job, 'cancelled', 'The download was not fetched in time.'), DOWNLOAD_WAIT_MS).unref()
    return { started: true, id: job.id, fileName, download: ticket && `/export/${ticket}` }
  }

  /** Browser mode: the waiting download this ticket opens, once; null when there is none. */
  takeDownload(ticket: string): ExportDownload | null {
    const wanted = digest(ticket)
    const job = [...this.#jobs.values()].find((j) => j.ticket === wanted && j.state === 'waiting')
    if (!job) return null
    job.ticket = null
    job.state = 'running'
    return {
      fileName: job.fileName,
      write: async (sink) => {
        await this.#run(job, () => job.write(sink))
        if (job.state !== 'done') throw new Error(job.message ?? 'The export stopped')
      },
    }
  }

  #add(spec: StartInput & { database: Database; fileName: string; owner: string | undefined; ticket: string | null }): Job {
    const controller = new AbortController()
    const job: Job = {
      id: randomUUID(),
      owner: spec.owner,
      state: spec.ticket ? 'waiting' : 'running',
      fileName: spec.fileName,
      rowsWritten: 0,
      total: null,
      totalExact: false,
      message: null,
      controller,
      ticket: spec.ticket,
      write: (sink) =>
        runExport({
          database: spec.database,
          resource: spec.resource,
          query: spec.query,
          columns: spec.columns,
          excelBom: spec.excelBom,
          sink,
          signal: controller.signal,
          onRows: (written) => (job.rowsWritten = written),
        }),
    }
    this.#forgetOldest()
    this.#jobs.set(job.id, job)
    // The ≈ total the progress shows: the grid's own count of the view (an estimate on large tables).
    void this.#totalOf(spec.database, spec.resource, spec.query).then((total) => {
      // A finished export knows its total exactly: a count arriving later does not replace it.
      if (job.state === 'done') return
      job.total = total?.total ?? null
      job.totalExact = total?.exact ?? false
    })
    return job
  }

  async #totalOf(database: Database, resource: ResourceName, query: Record<string, unknown>) {
    try {
      const page = await servedResource(resource).list(database.db, resources[resource].listQuery.parse({ ...query, limit: 1, offset: 0, after: null }))
      return { total: page.total, exact: page.totalExact }
    } catch {
      // Progress then shows rows written without a total; the export itself reports its own failure.
      return null
    }
  }

  /** Cancels every export still running and waits for each to remove its unfinished file. */
  async close(): Promise<void> {
    for (const job of this.#jobs.values()) job.controller.abort()
    await Promise.allSettled([...this.#running])
  }

  #run(job: Job, write: () => Promise<number>): Promise<void> {
    const running = this.#settle(job, write).finally(() => this.#running.delete(running))
    this.#running.add(running)
    return running
  }

  async #settle(job: Job, write: () => Promise<number>): Promise<void> {
    try {
      const rows = await write()
      job.total = rows
      job.totalExact = true
      this.#finish(job, 'done', `Exported ${rowsText(rows)} to ${job.fileName}.`)
    } catch (error) {
      const where = this.#options.chooseFile ? `${job.fileName} was not written` : 'the download was stopped'
      if (job.controller.signal.aborted) this.#finish(job, 'cancelled', `Export cancelled after ${rowsText(job.rowsWritten)}: ${where}.`)
      else this.#finish(job, 'failed', `Export failed: ${reasonOf(error)} ${capitalized(where)}.`)
    }
  }

  #finish(job: Job, state: 'done' | 'cancelled' | 'failed', message: string): void {
    if (job.state === 'done' || job.state === 'cancelled' || job.state === 'failed') return
    job.state = state
    job.message = message
    job.ticket = null
  }

  #own(id: string, context: CallContext): Job {
    const job = this.#jobs.get(id)
    // Another client's export is as unknown to this one as one that never was.
    if (!job || job.owner !== context.clientId) throw new ApiFailure('not_found', 'There is no such export (it may have ended long ago).')
    return job
  }

  #view(job: Job): ExportProgress {
    const { id, state, fileName, rowsWritten, total, totalExact, message } = job
    return { id, state, fileName, rowsWritten, total, totalExact, message }
  }

  #forgetOldest(): void {
    const waiting = [...this.#jobs.values()].filter((j) => j.state === 'waiting')
    for (const job of waiting.slice(0, Math.max(0, waiting.length - MAX_WAITING + 1))) {
      this.#finish(job, 'cancelled', 'The download was not fetched before newer exports.')
    }
    const finished = [...this.#jobs.values()].filter((j) => j.state !== 'running' && j.state !== 'waiting')
    for (const job of finished.slice(0, Math.max(0, finished.length - KEPT_FINISHED + 1))) this.#jobs.delete(job.id)
  }
}

const capitalized = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/** Why an export failed, as a sentence: the database's reason in words, or the file system's. */
function reasonOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined
  if (code === 'EACCES' || code === 'EPERM') return 'Roster may not write to that folder.'
  if (code === 'ENOSPC') return 'the disk is full.'
  if (code === 'ERR_STREAM_PREMATURE_CLOSE') return 'the download was closed before it finished.'
  const message = toApiError(error).message
  return /[.!?]$/.test(message) ? message : `${message}.`
}
