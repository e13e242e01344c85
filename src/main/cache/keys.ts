import { createHash } from 'node:crypto'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import type { DatabaseTarget } from '../db/client'

export const cachedResources = ['users', 'agencies', 'roles'] as const
export type CachedResource = (typeof cachedResources)[number]

/**
 * What each list shows, and so whose writes make its pages stale: users show agency names and
 * role ids; agencies and roles show how many users they have.
 */
export const listDependencies: Record<CachedResource, readonly CachedResource[]> = {
  users: ['users', 'agencies', 'roles'],
  agencies: ['agencies', 'users'],
  roles: ['roles', 'users'],
}

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
  const url = new URL(target.url)
  const host = url.hostname.toLowerCase()
  const database = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username)
  const machine = loopbackHosts.has(host) ? `@${hostname()}` : ''
  return `postgres:${host}${machine}:${url.port || '5432'}/${database}`
}

/** The prefix of every key for one database at one schema version. */
export const namespaceOf = (prefix: string, identity: string, schemaVersion: string) =>
  `${prefix}:${digest(identity, 16)}:${schemaVersion}`

export const versionKey = (namespace: string, resource: CachedResource) => `${namespace}:v:${resource}`

/** JSON with object keys sorted, so equal queries give equal keys whatever order they were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** The key of one list page: it embeds the versions it was read at, so a bump makes it unreachable. */
export const entryKey = (namespace: string, resource: CachedResource, versions: number[], query: unknown) =>
  `${namespace}:list:${resource}:${versions.join('.')}:${digest(canonical(query), 22)}`
