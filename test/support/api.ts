import { createApi, type ApiDeps, type Dispatcher } from '../../src/main/api'
import { DatabaseSession } from '../../src/main/session'
import type { MethodInput, MethodName, MethodOutput } from '../../src/shared/contract'
import type { ApiError } from '../../src/shared/result'
import { connectionHandlersFor, temporaryDataDir } from './connections'
import { MIGRATIONS, openMigrated, type Engine, type TestDatabase } from './databases'

/** A dispatcher over a fresh migrated database of the given engine, as the app builds it (`cache`: its list cache). */
export async function openApi(
  engine: Engine,
  options: Pick<ApiDeps, 'cache' | 'cacheKeyPrefix' | 'importFiles' | 'announcer'> = {},
): Promise<{ api: Dispatcher; test: TestDatabase; session: DatabaseSession; close(): Promise<void> }> {
  const test = await openMigrated(engine)
  const session = new DatabaseSession(MIGRATIONS)
  // The session takes the already-open test database rather than opening a second one.
  await session.switchTo(test.database, test.url ? { kind: 'postgres', url: test.url } : { kind: 'embedded', dataDir: 'memory://' })
  const data = temporaryDataDir()
  const api = createApi({ session, connections: connectionHandlersFor(session, data.dir).handlers, ...options })
  const close = async () => {
    await test.cleanup()
    data.remove()
  }
  return { api, test, session, close }
}

/** Calls a method and returns its data, failing the test with the API's message otherwise. */
export async function call<M extends MethodName>(api: Dispatcher, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const result = await api.call(method, input)
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code}: ${result.error.message} ${JSON.stringify(result.error.fieldErrors ?? [])}`)
  return result.data as MethodOutput<M>
}

/** Calls a method that must fail, and returns its error. */
export async function refused<M extends MethodName>(api: Dispatcher, method: M, input: MethodInput<M>): Promise<ApiError> {
  const result = await api.call(method, input)
  if (result.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(result.data)}`)
  return result.error
}
