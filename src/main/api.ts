import { z } from 'zod'
import {
  choicesMethod,
  contract,
  methodNames,
  pickedResources,
  resourceMethod,
  resourceNames,
  rowAccessOf,
  type MethodName,
  type MethodOutput,
  type ParsedInput,
  type ChoicesMethodName,
  type ResourceMethodName,
} from '../shared/contract'
import { fail, ok, type FieldError, type Result } from '../shared/result'
import { toApiError } from './db/pg-sentences'
import type { RosterDb } from './db/client'
import { applyMigrations, databaseStatus } from './db/migrations'
import { runSuperseding } from './db/superseding'
import { servedResource, type ServedResource } from './resources'
import type { DatabaseSession } from './session'
import type { ConnectionHandlers } from './connections/handlers'
import { ImportFiles } from './csv/import-files'
import { createImportHandlers } from './imports/handlers'
import { ExportJobs } from './csv/export-jobs'
import { withListCache } from './cache/cached-handlers'
import { withSchemaGuard } from './db/schema-guard'
import { ListCache } from './cache/list-cache'
import { announcingImport, announcingSave, type Announcer } from './events/announce'
import { LiveChanges } from './events/live-changes'
import { listChoices } from './services/choices'

/** Who is calling: the transport's identity of the caller (a window, a browser tab), never a secret. */
export interface CallContext {
  clientId?: string
}

export type Handlers = { [M in MethodName]: (input: ParsedInput<M>, context: CallContext) => Promise<MethodOutput<M>> }

/** Contract method name → validated input → handler → typed Result. Knows nothing of Electron or HTTP. */
export interface Dispatcher {
  call(method: string, input: unknown, context?: CallContext): Promise<Result<unknown>>
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
      // A row is named by its id as sent; one too long to be an id is named by its place instead.
      rowId = typeof key === 'string' && key.length <= 100 ? key : `${list}[${index}]`
      fieldPath = path.slice(2)
      if (fieldPath[0] === 'changes') fieldPath = fieldPath.slice(1)
    }
    return { ...(rowId ? { rowId } : {}), field: fieldPath.join('.') || '(input)', message: issue.message }
  })
}

export function createDispatcher(handlers: Handlers): Dispatcher {
  return {
    async call(method, input, context = {}) {
      if (!isMethod(method)) return fail({ code: 'not_found', message: `There is no API method named ${method}` })
      const parsed = contract[method].input.safeParse(input)
      if (!parsed.success) {
        const fieldErrors = toFieldErrors(parsed.error, input)
        const first = fieldErrors[0]
        const message =
          fieldErrors.length === 1 && first
            ? first.message
            : rowAccessOf(method) === 'write'
              ? `${fieldErrors.length} values need fixing before this can be saved`
              : `${fieldErrors.length} values of this request are not valid`
        return fail({ code: 'validation', message, fieldErrors })
      }
      try {
        const handler = handlers[method] as (input: unknown, context: CallContext) => Promise<unknown>
        return ok(await handler(parsed.data, context))
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
  /** Files chosen for import: browser mode's web server puts its uploads here. A store of its own when not given. */
  importFiles?: ImportFiles
  /** The desktop app's open dialog for imports; absent in browser mode (the page uploads instead). */
  pickImportFile?: () => Promise<string | null>
  /** CSV exports (the save dialog injected on the desktop; browser mode's server streams their downloads). Downloads when not given. */
  exports?: ExportJobs
  /** Caches list pages (src/main/cache); an in-memory one when not given. */
  cache?: ListCache
  /** First part of every cache key; tests give each run its own. */
  cacheKeyPrefix?: string
  /** Announces each committed save to every Roster on the database (src/main/events); one of its own when not given. */
  announcer?: Announcer
}

/** The name a `supersede` request runs under: scoped to its client and method; none when not named. */
export const supersedeKey = (context: CallContext, method: MethodName, name: string | undefined): string | undefined =>
  name === undefined ? undefined : JSON.stringify([context.clientId ?? null, method, name])

type Superseding = <Query extends { supersede?: string | undefined }, T>(
  method: MethodName,
  run: (db: RosterDb, query: Query) => Promise<T>,
) => (query: Query, context: CallContext) => Promise<T>

type AnyListQuery = Parameters<ServedResource['list']>[1]
type AnySaveBatch = Parameters<ServedResource['save']>[1]

/** Every resource's list, count and save, from its entry in the registry (src/main/resources). */
function resourceHandlers(superseding: Superseding, openDb: () => RosterDb, announcer: Announcer): Pick<Handlers, ResourceMethodName> {
  const entries = resourceNames.flatMap((name) => {
    const served = servedResource(name)
    // Each save announces what it wrote, in its own transaction (src/main/events/announce.ts).
    const save = announcingSave(served, announcer)
    const [list, count, saveMethod] = [resourceMethod(name, 'list'), resourceMethod(name, 'count'), resourceMethod(name, 'save')]
    return [
      [list, superseding(list, (db, query: AnyListQuery) => served.list(db, query))],
      [count, superseding(count, async (db, query: AnyListQuery) => ({ total: await served.count(db, query) }))],
      [saveMethod, (batch: AnySaveBatch, context: CallContext) => save(openDb(), batch, context)],
    ] as const
  })
  // Object.fromEntries forgets which method holds which resource's handler; the contract's types say it.
  return Object.fromEntries(entries) as Pick<Handlers, ResourceMethodName>
}

/** The names each picked resource offers, read from its table (src/main/services/choices.ts). */
function choicesHandlers(openDb: () => RosterDb): Pick<Handlers, ChoicesMethodName> {
  const entries = pickedResources.map((name) => {
    const { table } = servedResource(name)
    const choices: Handlers[ChoicesMethodName] = (query) => listChoices(openDb(), table, query)
    return [choicesMethod(name), choices] as const
  })
  // Object.fromEntries forgets which method holds which handler; they are all alike.
  return Object.fromEntries(entries) as Record<ChoicesMethodName, Handlers[ChoicesMethodName]>
}

/** Every contract method, implemented by the services over the session's open database. */
export function createHandlers({ session, connections, cache = new ListCache(), cacheKeyPrefix, importFiles = new ImportFiles(), pickImportFile, exports = new ExportJobs({ session }), announcer = new LiveChanges() }: ApiDeps): Handlers {
  const db = () => session.database.db
  // Lists and counts named with `supersede` give way to a newer request of the same name, from the
  // same client to the same method: one window's count never cancels its list, nor another window's.
  const superseding: Superseding = (method, run) => (query, context) =>
    runSuperseding(session.database, supersedeKey(context, method, query.supersede), (db) => run(db, query))
  // The cache is composed around the services (cache-aside on list, invalidation on save), not inside them.
  const services: Omit<Handlers, 'cache.status'> = {
    'database.status': () => databaseStatus(session.database, session.migrationsFolder),
    'database.migrate': async () => {
      await applyMigrations(session.database, session.migrationsFolder)
      return databaseStatus(session.database, session.migrationsFolder)
    },
    ...resourceHandlers(superseding, db, announcer),
    ...choicesHandlers(db),
    ...connections,
    ...announcingImport(createImportHandlers({ session, files: importFiles, pickFile: pickImportFile }), db, announcer),
    ...exports.handlers,
  }
  // Outermost: a database whose schema is not Roster's, up to date, is refused before the cache is asked.
  return withSchemaGuard(withListCache(services, { cache, session, keyPrefix: cacheKeyPrefix }), session)
}

export const createApi = (deps: ApiDeps): Dispatcher => createDispatcher(createHandlers(deps))
