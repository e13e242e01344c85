import type { ImportProgress } from '../../shared/schemas/imports'
import { ApiFailure } from '../api-failure'

export interface ImportJob {
  readonly signal: AbortSignal
  readonly progress: ImportProgress
  /** Called on Cancel, for what the signal alone cannot stop (a statement running on the server). */
  onCancel(stop: () => Promise<void>): void
  /** Throws `cancelled` once Cancel was asked for: checked between steps. */
  throwIfCancelled(): void
}

export const cancelledFailure = () => new ApiFailure('cancelled', 'The import was cancelled: nothing was written.')

interface Running {
  controller: AbortController
  progress: ImportProgress
  stops: (() => Promise<void>)[]
}

/**
 * Checks and applies that are running, by the caller's name for them (scoped to the caller), so the
 * caller can read their progress and cancel them while its call waits for the result.
 */
export class ImportJobs {
  readonly #running = new Map<string, Running>()

  async run<T>(owner: string, jobId: string, totalBytes: number, work: (job: ImportJob) => Promise<T>): Promise<T> {
    const key = JSON.stringify([owner, jobId])
    if (this.#running.has(key)) throw new ApiFailure('conflict', 'An import with this job id is already running.')
    const running: Running = { controller: new AbortController(), progress: { phase: 'reading', rows: 0, bytesRead: 0, totalBytes }, stops: [] }
    this.#running.set(key, running)
    const { signal } = running.controller
    try {
      return await work({
        signal,
        progress: running.progress,
        onCancel: (stop) => void running.stops.push(stop),
        throwIfCancelled: () => {
          if (signal.aborted) throw cancelledFailure()
        },
      })
    } catch (error) {
      // Whatever a cancelled job failed with (a cancelled statement, an aborted read), it was the Cancel.
      throw signal.aborted ? cancelledFailure() : error
    } finally {
      this.#running.delete(key)
    }
  }

  progress(owner: string, jobId: string): ImportProgress {
    return this.#running.get(JSON.stringify([owner, jobId]))?.progress ?? { phase: null, rows: 0, bytesRead: 0, totalBytes: 0 }
  }

  async cancel(owner: string, jobId: string): Promise<boolean> {
    const running = this.#running.get(JSON.stringify([owner, jobId]))
    if (!running || running.controller.signal.aborted) return false
    running.controller.abort()
    await Promise.allSettled(running.stops.map((stop) => stop()))
    return true
  }
}
