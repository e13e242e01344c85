import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { stringify as stableJson } from 'safe-stable-stringify'
import type { ResourceName } from '../../shared/schemas/resources'
import type { DatabaseTarget } from '../db/client'
import { parsePostgresFields } from '../../shared/postgres-url'

/** Every resource's list pages are cached; what each shows (`pagesShow`) says whose saves make them stale. */
export type CachedResource = ResourceName

const digest = (text: string, length: number) => createHash('sha256').update(text).digest('base64url').slice(0, length)

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1', '[::1]', ''])

/**
 * Which database a cache entry belongs to: host, port and database name (never the user or
 * password). A loopback host names a different server on every machine, and the embedded
 * database lives in a folder of this machine, so both also carry the machine's name: admins
 * sharing one Redis never see each other's local databases. Null for an in-memory database,
 * which has no identity beyond the process that holds it.
 */
export function databaseIdentity(target: DatabaseTarget): string | null {
  if (target.kind === 'embedded') {
    if (target.dataDir.startsWith('memory://')) return null
    return `embedded:${hostname()}:${resolve(target.dataDir)}`
  }
  const fields = parsePostgresFields(target.url)
  if (!fields) return null
  const host = fields.host.toLowerCase()
  // libpq's default database is the user's name.
  const database = fields.database || fields.user
  const machine = loopbackHosts.has(host) ? `@${hostname()}` : ''
  return `postgres:${host}${machine}:${fields.port}/${database}`
}

/** The prefix of every key for one database at one schema version. */
export const namespaceOf = (prefix: string, identity: string, schemaVersion: string) =>
  `${prefix}:${digest(identity, 16)}:${schemaVersion}`

export const versionKey = (namespace: string, resource: CachedResource) => `${namespace}:v:${resource}`

/**
 * The store's epoch: one key per Redis database, shared by every namespace. Every page key embeds
 * it, so a new epoch makes every page stored before unreachable (see page-script.ts for when).
 */
export const EPOCH_KEY = 'roster:epoch'

/**
 * The key of one list page, around its stamp: the store's epoch and the versions of everything the
 * page shows, as they were when it was read — so a bump, or a new epoch, makes it unreachable. The
 * query is JSON with its keys sorted, so equal queries give equal keys whatever order they were built in.
 */
export interface PageKey {
  prefix: string
  suffix: string
}

export const pageKeyOf = (namespace: string, resource: CachedResource, query: unknown): PageKey => ({
  prefix: `${namespace}:list:${resource}:`,
  suffix: `:${digest(stableJson(query) ?? 'null', 22)}`,
})

/** The page's key at one stamp (`epoch.version.version…`). */
export const entryKey = (page: PageKey, stamp: string) => `${page.prefix}${stamp}${page.suffix}`
