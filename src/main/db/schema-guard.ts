import type { CallContext, Handlers } from '../api'
import { ApiFailure } from '../api-failure'
import type { DatabaseSession } from '../session'
import { contract, methodNames, rowAccessOf, type MethodName } from '../../shared/contract'
import { databaseStatus, schemaRefusal, type DatabaseStatus, type SchemaStatus } from '../../shared/schemas/database'
import type { Database } from './client'
import { inspectSchema } from './migrations'
import { readOnlyRefusal } from './read-only'

// Written as a method so parameters compare bivariantly: every method's own handler is one of these.
type AnyHandler = { handle(input: unknown, context: CallContext): Promise<unknown> }['handle']

/**
 * The handlers with Roster's tables guarded: a method the contract marks as reading or writing
 * them runs only when the open database's schema allows it (schemaRefusal), so a database in
 * conflict, behind on migrations or empty is never written by any path, and a conflicting one
 * is not even read. The schema is inspected once per open database, not on every call; every
 * method that answers the open database's status (database.status, database.migrate,
 * connections.open) refreshes what is known.
 */
export function withSchemaGuard(handlers: Handlers, session: DatabaseSession): Handlers {
  const known = new WeakMap<Database, Promise<SchemaStatus>>()
  const schemaOf = (database: Database): Promise<SchemaStatus> => {
    let schema = known.get(database)
    if (!schema) {
      schema = inspectSchema(database.db, session.migrationsFolder)
      known.set(database, schema)
      // A failed inspection (connection lost) is tried again by the next call.
      schema.catch(() => known.delete(database))
    }
    return schema
  }

  const guarded = (method: MethodName, handler: AnyHandler): AnyHandler => {
    const access = rowAccessOf(method)
    // A read-only connection refuses every write, migrations included, before the database sees it.
    const writes = access === 'write' || method === 'database.migrate'
    if (access) {
      return async (input, context) => {
        const readOnly = writes ? readOnlyRefusal(session.target) : null
        if (readOnly) throw new ApiFailure('conflict', readOnly)
        const refusal = schemaRefusal(await schemaOf(session.database), access)
        if (refusal) throw new ApiFailure('conflict', refusal)
        return handler(input, context)
      }
    }
    if (contract[method].output === databaseStatus) {
      return async (input, context) => {
        const readOnly = writes ? readOnlyRefusal(session.target) : null
        if (readOnly) throw new ApiFailure('conflict', readOnly)
        const status = (await handler(input, context)) as DatabaseStatus
        known.set(session.database, Promise.resolve(status.schema))
        return { ...status, readOnly: readOnlyRefusal(session.target) }
      }
    }
    return handler
  }

  const all: Record<MethodName, AnyHandler> = handlers
  // Object.fromEntries forgets which method holds which handler; each keeps its own signature.
  return Object.fromEntries(methodNames.map((method) => [method, guarded(method, all[method])])) as Handlers
}
