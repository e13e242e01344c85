import { resourceMethod, resourceNames, type ParsedInput, type ResourceMethodName, type ResourceName } from '../../shared/contract'
import type { CallContext, Handlers } from '../api'
import { readMigrations } from '../db/migrations'
import type { Database } from '../db/client'
import { ApiFailure } from '../api-failure'
import type { DatabaseSession } from '../session'
import { databaseIdentity, namespaceOf, type CachedResource } from './keys'
import type { ListCache } from './list-cache'

export interface CacheWiring {
  cache: ListCache
  session: DatabaseSession
  /** First part of every key; tests give each run its own. */
  keyPrefix?: string
}

// Written as a method so parameters compare bivariantly: each resource's own handler then passes
// for one of the wrappers below, which hand it back exactly the input the dispatcher parsed for it.
type Handler<Input, Output> = { handle(input: Input, context: CallContext): Promise<Output> }['handle']
/** The parsed query of any resource's list. */
type AnyListInput = ParsedInput<ResourceMethodName<ResourceName, 'list'>>

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

  // Every resource's list is read through the cache, every save invalidates its pages.
  const entries = resourceNames.flatMap((name) => {
    const [list, save] = [resourceMethod(name, 'list'), resourceMethod(name, 'save')]
    return [
      [list, cachedList<AnyListInput, unknown>(name, handlers[list])],
      [save, invalidating(name, handlers[save])],
    ] as const
  })
  // Object.fromEntries forgets which method holds which resource's handler; the contract's types say it.
  const wrapped = Object.fromEntries(entries) as Pick<Handlers, ResourceMethodName<ResourceName, 'list' | 'save'>>

  // An import may write any resource's rows (users with their roles): every resource's pages go stale.
  const importApply = resourceNames.reduce((apply, name) => invalidating(name, apply), handlers['imports.apply'])

  return { ...handlers, ...wrapped, 'imports.apply': importApply, 'cache.status': async () => cache.status() }
}
