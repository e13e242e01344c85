import { parseArgs } from 'node:util'
import { DEFAULT_TTL_SECONDS } from './cache/list-cache'

export interface LaunchOptions {
  /** A PostgreSQL URL to open instead of the embedded database. */
  databaseUrl: string | null
  /** The same database without its pooler, for live updates (a transaction pooler cannot carry LISTEN). */
  directDatabaseUrl: string | null
  port: number
  /** How long a cached list page lives (seconds). */
  cacheTtlSeconds: number
  /** `--read-only`: every PostgreSQL database is opened read-only, saves refused. */
  readOnly: boolean
}

/**
 * `--database <url>` (or ROSTER_DATABASE_URL), `--direct-database <url>` (or
 * ROSTER_DIRECT_DATABASE_URL: the same database without a pooler in between), `--port <n>`, `--cache-ttl <seconds>` (or
 * ROSTER_CACHE_TTL) and `--read-only`, shared by the desktop app and browser mode.
 */
export function parseLaunchOptions(argv: string[], env: NodeJS.ProcessEnv): LaunchOptions {
  const { values } = parseArgs({
    args: argv,
    options: { database: { type: 'string' }, 'direct-database': { type: 'string' }, port: { type: 'string' }, 'cache-ttl': { type: 'string' }, 'read-only': { type: 'boolean' } },
    strict: false,
    allowPositionals: true,
  })
  const database = typeof values.database === 'string' ? values.database : env.ROSTER_DATABASE_URL || null
  const direct = typeof values['direct-database'] === 'string' ? values['direct-database'] : env.ROSTER_DIRECT_DATABASE_URL || null
  const portText = typeof values.port === 'string' ? values.port : env.ROSTER_PORT ?? '0'
  const port = Number(portText)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not ${portText}`)
  const ttlText = typeof values['cache-ttl'] === 'string' ? values['cache-ttl'] : env.ROSTER_CACHE_TTL ?? String(DEFAULT_TTL_SECONDS)
  const cacheTtlSeconds = Number(ttlText)
  if (!Number.isInteger(cacheTtlSeconds) || cacheTtlSeconds < 1 || cacheTtlSeconds > 86_400) {
    throw new Error(`--cache-ttl must be a number of seconds from 1 to 86400, not ${ttlText}`)
  }
  return { databaseUrl: database, directDatabaseUrl: direct, port, cacheTtlSeconds, readOnly: values['read-only'] === true }
}
