import { useCallback, useRef, useState } from 'react'
import type { ImportProgress } from '../../../shared/schemas/imports'
import type { Result } from '../../../shared/result'
import { useApi } from '../api/ApiProvider'

const POLL_MS = 250

/**
 * Runs a long import call (check or apply) under a job id of its own, reading its progress while it
 * runs; `cancel` asks the main process to stop it (the call then fails as `cancelled`).
 */
export function useImportJob() {
  const api = useApi()
  const [progress, setProgress] = useState<ImportProgress | null>(null)
  const [running, setRunning] = useState(false)
  const jobRef = useRef<string | null>(null)

  const run = useCallback(
    async <T,>(start: (jobId: string) => Promise<Result<T>>): Promise<Result<T>> => {
      const jobId = crypto.randomUUID()
      jobRef.current = jobId
      setRunning(true)
      setProgress(null)
      const timer = setInterval(() => {
        void api['imports.progress']({ jobId }).then((result) => {
          if (result.ok && result.data.phase !== null && jobRef.current === jobId) setProgress(result.data)
        })
      }, POLL_MS)
      try {
        return await start(jobId)
      } finally {
        clearInterval(timer)
        jobRef.current = null
        setRunning(false)
        setProgress(null)
      }
    },
    [api],
  )

  const cancel = useCallback(() => {
    const jobId = jobRef.current
    if (jobId) void api['imports.cancel']({ jobId })
  }, [api])

  return { run, cancel, running, progress }
}

/** "Reading rows: 12,000 (35%)", "Checking against the database…", "Writing…". */
export function describeProgress(progress: ImportProgress | null): string {
  if (!progress || progress.phase === 'reading') {
    const rows = progress?.rows ?? 0
    const share = progress && progress.totalBytes > 0 ? ` (${Math.min(100, Math.round((100 * progress.bytesRead) / progress.totalBytes))}%)` : ''
    return `Reading rows: ${rows.toLocaleString()}${share}`
  }
  if (progress.phase === 'checking') return `Checking ${progress.rows.toLocaleString()} rows against the database…`
  if (progress.phase === 'writing') return `Writing ${progress.rows.toLocaleString()} rows…`
  return 'Finishing…'
}
