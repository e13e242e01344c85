import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import type { ExportProgress, ExportStartInput } from '../../../../shared/schemas/exports'
import { useApi } from '../../api/ApiProvider'
import { unwrap } from '../../api/request-error'

const POLL_MS = 300

const isRunning = (progress: ExportProgress | undefined) => progress === undefined || progress.state === 'waiting' || progress.state === 'running'

/** Browser mode: the browser fetches the file itself, streamed by Roster's server, as any download. */
function download(address: string, fileName: string) {
  const link = document.createElement('a')
  link.href = address
  link.download = fileName
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
}

/**
 * One CSV export at a time from a grid: started with the view's query, then followed (rows written
 * of ≈ total) until it ends, and cancellable meanwhile. The desktop app asks where to save first;
 * browser mode downloads.
 */
export function useCsvExport() {
  const api = useApi()
  const [id, setId] = useState<string | null>(null)
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const progress = useQuery({
    queryKey: ['exports', id],
    queryFn: async () => unwrap(await api['exports.progress']({ id: id! })),
    enabled: id !== null,
    refetchInterval: (query) => (isRunning(query.state.data) ? POLL_MS : false),
    meta: { background: 'poll' },
  })

  const start = async (input: ExportStartInput) => {
    setStarting(true)
    setError(null)
    try {
      const result = await api['exports.start'](input)
      if (!result.ok) return setError(result.error.message)
      if (!result.data.started) return
      if (result.data.download) download(result.data.download, result.data.fileName)
      setId(result.data.id)
    } finally {
      setStarting(false)
    }
  }

  const cancel = async () => {
    if (id === null) return
    const result = await api['exports.cancel']({ id })
    if (!result.ok) setError(result.error.message)
    void progress.refetch()
  }

  const current = id === null ? undefined : progress.data
  return {
    starting,
    /** The export's progress; undefined before one started (or while its first report comes). */
    progress: current,
    running: id !== null && isRunning(current),
    error: error ?? (progress.error ? progress.error.message : null),
    start,
    cancel,
    /** Forgets the last export's outcome, for the next one. */
    reset: () => {
      setId(null)
      setError(null)
    },
  }
}
