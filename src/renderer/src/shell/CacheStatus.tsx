import type { CacheStatus as Status } from '../../../shared/schemas/cache'
import { useCacheStatus } from '../api/queries'

const backendNames: Record<Status['backend'], string> = { redis: 'Redis', upstash: 'Upstash', memory: '' }

/** "Redis 127.0.0.1:6379 · 83 % hits": where list pages are cached and how often they are served from there. */
export function describeCache(status: Status): string {
  const where = [backendNames[status.backend], status.label].filter(Boolean).join(' ')
  const ratio = status.ratio === null ? 'no reads yet' : `${Math.round(status.ratio * 100)} % hits`
  return `${where} · ${ratio}`
}

/** The status bar's cache segment, and its warning while the cache is out of use. */
export function CacheStatus() {
  const status = useCacheStatus()
  if (!status.data) return null
  const { data } = status
  const detail = `${data.hits.toLocaleString()} hits, ${data.misses.toLocaleString()} reads from the database; pages kept ${data.ttlSeconds} s`
  return (
    <>
      {data.state !== 'ok' && data.message && (
        <span className="status-item status-item--warning" role="status" title={data.message}>
          ⚠ {data.state === 'bypass' ? 'Cache bypassed' : 'Cache unavailable'}: {data.message}
        </span>
      )}
      <span className={`status-item${data.state === 'ok' ? '' : ' status-item--muted'}`} title={detail}>
        Cache: {describeCache(data)}
      </span>
    </>
  )
}
