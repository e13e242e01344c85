import type { CallContext, Handlers } from '../api'
import { readMigrations } from '../db/migrations'
import type { Database } from '../db/client'
import { ApiFailure } from '../errors'
import type { DatabaseSession } from '../session'
import { databaseIdentity, namespaceOf, type CachedResource } from './keys'
import type { ListCache } from './list-cache'

export interface CacheWiring {
  cache: ListCache
  session: DatabaseSession
  /** First part of every key; tests give each run its own. */
  keyPrefix?: string
}

type Handler<Input, Output> = (input: Input, context: CallContext) => Promise<Output>

const schemaVersions = new Map<string, string>()
/** The newest migration this build of Roster knows: rows change shape only with a migration. */
function schemaVersionOf(folder: string): string {
  let version = schemaVersions.get(folder)
  if (version === undefined) {
    version = readMigrations(folder).at(-1)?.tag ?? 'none'
    schemaVersions.set(folder, version)
  }
  return version
}

/**
 * The handlers with the cache composed around them: cache-aside on each `list`, invalidation
 * after each `save`, and `cache.status`. The services themselves know nothing of the cache.
 */
export function withListCache(handlers: Omit<Handlers, 'cache.status'>, { cache, session, keyPrefix = 'roster' }: CacheWiring): Handlers {
  /**
   * Keys of the database open now; null when none is (the handler then reports that). Worked out
   * once per database: its identity (or, for an in-memory PGlite with none that lasts, one for as
   * long as it is open) at this build's schema version.
   */
  const namespaces = new WeakMap<Database, string>()
  const namespace = (): string | null => {
    const target = session.target
    if (!target) return null
    let database: Database
    try {
      database = session.database
    } catch {
      return null
    }
    let ns = namespaces.get(database)
    if (ns === undefined) {
      const identity = databaseIdentity(target) ?? `ephemeral:${crypto.randomUUID()}`
      ns = namespaceOf(keyPrefix, identity, schemaVersionOf(session.migrationsFolder))
      namespaces.set(database, ns)
    }
    return ns
  }

  const cachedList =
    <Input extends { fresh?: boolean; supersede?: string }, Output>(resource: CachedResource, list: Handler<Input, Output>): Handler<Input, Output> =>
    async (input, context) => {
      const ns = namespace()
      if (!ns) return list(input, context)
      const { fresh, supersede: _supersede, ...query } = input
      return cache.read(ns, resource, query, () => list(input, context), { fresh })
    }

  const invalidating =
    <Input, Output>(resource: CachedResource, save: Handler<Input, Output>): Handler<Input, Output> =>
    async (input, context) => {
      const ns = namespace()
      let result: Output
      try {
        result = await save(input, context)
      } catch (error) {
        // A refusal (ApiFailure) wrote nothing. Any other failure may have come after COMMIT
        // (a connection lost while the reply travelled), so the pages are treated as stale.
        if (ns && !(error instanceof ApiFailure)) await cache.invalidate(ns, resource)
        throw error
      }
      // Awaited before the save's reply leaves, so the next read anywhere sees the new version.
      if (ns) await cache.invalidate(ns, resource)
      return result
    }

  return {
    ...handlers,
    'users.list': cachedList('users', handlers['users.list']),
    'agencies.list': cachedList('agencies', handlers['agencies.list']),
    'roles.list': cachedList('roles', handlers['roles.list']),
    'users.save': invalidating('users', handlers['users.save']),
    'agencies.save': invalidating('agencies', handlers['agencies.save']),
    'roles.save': invalidating('roles', handlers['roles.save']),
    'cache.status': async () => cache.status(),
  }
}
