import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ResourceName } from '../../shared/schemas/resources'
import type { Database } from '../db/client'
import { rowBatchesOf } from '../db/row-stream'
import { csvWriter } from './csv-writer'
import { servedResource } from '../resources'
import type { ExportChoice } from './export-selects'

/** Rows read from the database per round trip: a few hundred kilobytes at most. */
export const EXPORT_BATCH_ROWS = 2_000

export interface ExportRun extends ExportChoice {
  database: Pick<Database, 'db' | 'driver'>
  resource: ResourceName
  excelBom: boolean
  /** Where the CSV text goes: a file, or a download's HTTP response. */
  sink: Writable
  /** Aborting it stops the read and the writing; the run then rejects with an AbortError. */
  signal: AbortSignal
  /** Hears the rows written so far, after each batch. */
  onRows?: (written: number) => void
}

const stopped = () => new Error('The export stopped before all rows were read')

/**
 * Batches of rows handed over by the database reader: it waits while two batches are queued, so
 * the database reads the next batch while the file is written, and never runs ahead of a slow
 * disk or download by more than that.
 */
class RowBatchQueue extends Readable {
  #wanted: (() => void) | null = null

  constructor() {
    super({ objectMode: true, highWaterMark: 2 })
  }

  override _read(): void {
    const wanted = this.#wanted
    this.#wanted = null
    wanted?.()
  }

  /** Settles when there is room for more; rejects once the stream was torn down. */
  offer(rows: unknown[][]): Promise<void> {
    if (this.destroyed) return Promise.reject(stopped())
    if (this.push(rows)) return Promise.resolve()
    return new Promise((resolve, reject) => {
      const onClose = () => reject(stopped())
      this.once('close', onClose)
      this.#wanted = () => {
        this.off('close', onClose)
        resolve()
      }
    })
  }
}

/**
 * Writes every row of a resource's view (the grid's filters, search and sort) as CSV into `sink`:
 * read by a cursor in batches, never the whole result in memory, at the pace `sink` takes it.
 * Resolves with the number of rows written once `sink` has all of them and the read has ended.
 */
export async function runExport(run: ExportRun): Promise<number> {
  const { header, query } = servedResource(run.resource).exportSelect(run.database.db, run)
  const queue = new RowBatchQueue()
  let written = 0
  const reading = rowBatchesOf(run.database.driver)(query, EXPORT_BATCH_ROWS, (rows) => queue.offer(rows)).then(
    () => void queue.push(null),
    (error: unknown) => {
      queue.destroy(error instanceof Error ? error : new Error(String(error)))
      throw error
    },
  )
  const writer = csvWriter(header, { excelBom: run.excelBom }, (n) => {
    written = n
    run.onRows?.(n)
  })
  // Both are awaited, so the database read (and its transaction) has ended when this returns.
  const [piped, read] = await Promise.allSettled([pipeline(queue, writer, run.sink, { signal: run.signal }), reading])
  // The pipeline's reason comes first: an abort, or the database error it was torn down with.
  if (piped.status === 'rejected') throw piped.reason
  if (read.status === 'rejected') throw read.reason
  return written
}
