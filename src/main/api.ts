import { z } from 'zod'
import { contract, methodNames, type MethodName, type MethodOutput, type ParsedInput } from '../shared/contract'
import { fail, ok, type FieldError, type Result } from '../shared/result'
import { toApiError } from './db/errors'
import type { RosterDb } from './db/client'
import { applyMigrations, databaseStatus } from './db/migrations'
import { runSuperseding } from './db/superseding'
import { countAgencies, listAgencies, saveAgencies } from './services/agencies'
import { countRoles, listRoles, saveRoles } from './services/roles'
import { countUsers, listUsers, saveUsers } from './services/users'
import type { DatabaseSession } from './session'
import type { ConnectionHandlers } from './connections/handlers'
import { withListCache } from './cache/cached-handlers'
import { ListCache } from './cache/list-cache'

export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodOutput<M>> }

/** Contract method name → validated input → handler → typed Result. Knows nothing of Electron or HTTP. */
export interface Dispatcher {
  call(method: string, input: unknown): Promise<Result<unknown>>
}

const isMethod = (name: string): name is MethodName => (methodNames as readonly string[]).includes(name)

/** Zod issues as field errors; batch paths (`updates.2.changes.email`) name the row they belong to. */
export function toFieldErrors(error: z.ZodError, input: unknown): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String)
    const [list, index] = path
    let rowId: string | undefined
    let fieldPath = path
    if ((list === 'inserts' || list === 'updates' || list === 'deletes' || list === 'restores') && index !== undefined) {
      const row = (input as Record<string, unknown[] | undefined>)[list]?.[Number(index)] as Record<string, unknown> | undefined
      const key = row?.id ?? row?.clientId
      rowId = typeof key === 'string' ? key : `${list}[${index}]`
      fieldPath = path.slice(2)
      if (fieldPath[0] === 'changes') fieldPath = fieldPath.slice(1)
    }
    return { ...(rowId ? { rowId } : {}), field: fieldPath.join('.') || '(input)', message: issue.message }
  })
}

export function createDispatcher(handlers: Handlers): Dispatcher {
  return {
    async call(method, input) {
      if (!isMethod(method)) return fail({ code: 'not_found', message: `There is no API method named ${method}` })
      const parsed = contract[method].input.safeParse(input)
      if (!parsed.success) {
        const fieldErrors = toFieldErrors(parsed.error, input)
        const first = fieldErrors[0]
        const message =
          fieldErrors.length === 1 && first
            ? first.message
            : `${fieldErrors.length} values need fixing before this can be saved`
        return fail({ code: 'validation', message, fieldErrors })
      }
      try {
        const handler = handlers[method] as (input: unknown) => Promise<unknown>
        return ok(await handler(parsed.data))
      } catch (error) {
        return fail(toApiError(error))
      }
    },
  }
}

export interface ApiDeps {
  session: DatabaseSession
  /** The connections.* methods, from createConnectionHandlers (src/main/connections/handlers.ts). */
  connections: ConnectionHandlers
  /** Caches list pages (src/main/cache); an in-memory one when not given. */
  cache?: ListCache
  /** First part of every cache key; tests give each run its own. */
  cacheKeyPrefix?: string
}

/** Every contract method, implemented by the services over the session's open database. */
export function createHandlers({ session, connections, cache = new ListCache(), cacheKeyPrefix }: ApiDeps): Handlers {
  const db = () => session.database.db
  // Lists and counts named with `supersede` give way to a newer request of the same name.
  const superseding =
    <Query extends { supersede?: string | undefined }, T>(run: (db: RosterDb, query: Query) => Promise<T>) =>
    (query: Query) =>
      runSuperseding(session.database, query.supersede, (db) => run(db, query))
  // The cache is composed around the services (cache-aside on list, invalidation on save), not inside them.
  const services: Omit<Handlers, 'cache.status'> = {
    'database.status': () => databaseStatus(session.database, session.migrationsFolder),
    'database.migrate': async () => {
      await applyMigrations(session.database, session.migrationsFolder)
      return databaseStatus(session.database, session.migrationsFolder)
    },
    'agencies.list': superseding(listAgencies),
    'agencies.count': superseding(async (db, query) => ({ total: await countAgencies(db, query) })),
    'agencies.save': (batch) => saveAgencies(db(), batch),
    'users.list': superseding(listUsers),
    'users.count': superseding(async (db, query) => ({ total: await countUsers(db, query) })),
    'users.save': (batch) => saveUsers(db(), batch),
    'roles.list': superseding(listRoles),
    'roles.count': superseding(async (db, query) => ({ total: await countRoles(db, query) })),
    'roles.save': (batch) => saveRoles(db(), batch),
    ...connections,
  }
  return withListCache(services, { cache, session, keyPrefix: cacheKeyPrefix })
}

export const createApi = (deps: ApiDeps): Dispatcher => createDispatcher(createHandlers(deps))
