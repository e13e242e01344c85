import { join } from 'node:path'
import { createApi, type Dispatcher } from './api'
import type { LaunchOptions } from './args'
import { followConnectionCache, ListCache } from './cache'
import { createConnectionHandlers } from './connections/handlers'
import type { SecretBox } from './connections/secret-box'
import { ConnectionStore } from './connections/store'
import type { DatabaseTarget } from './db/client'
import { DatabaseSession } from './session'

export interface RosterCoreOptions {
  /** The app's data folder: the embedded database and the saved connections live in it. */
  dataDir: string
  migrationsFolder: string
  launchOptions: Pick<LaunchOptions, 'databaseUrl' | 'cacheTtlSeconds'>
  /** Seals saved secrets: Electron's safeStorage, or a key file in browser mode. */
  secretBox: SecretBox
}

export interface RosterCore {
  /** Every API method; the desktop app registers it on IPC, browser mode serves it over HTTP. */
  dispatcher: Dispatcher
  session: DatabaseSession
  /** Why the start-up database did not open (null when it did): each startup decides what to do. */
  startupError: Error | null
  close(): Promise<void>
}

/**
 * Roster without its window or web server: the start-up database (`--database`, else the embedded
 * one), saved connections, the list cache and the API over them. Shared by the desktop app
 * (src/main/index.ts) and browser mode (src/main/web/cli.ts), so both start the same way.
 */
export async function createRosterCore(options: RosterCoreOptions): Promise<RosterCore> {
  const { dataDir, launchOptions } = options
  const embeddedDataDir = join(dataDir, 'embedded')
  const startup: DatabaseTarget = launchOptions.databaseUrl
    ? { kind: 'postgres', url: launchOptions.databaseUrl }
    : { kind: 'embedded', dataDir: embeddedDataDir }
  const session = new DatabaseSession(options.migrationsFolder)
  // A database that cannot be reached fails with a sentence naming it and its connect_timeout.
  const startupError = await session.open(startup).then(
    () => null,
    (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
  )

  const store = new ConnectionStore(join(dataDir, 'connections.json'), options.secretBox)
  // One list cache for the app's life; it follows the cache setting of the connection opened.
  const cache = new ListCache(undefined, { ttlSeconds: launchOptions.cacheTtlSeconds })
  const connections = createConnectionHandlers({ session, store, embeddedDataDir, startup, onOpened: followConnectionCache(cache) })
  return {
    dispatcher: createApi({ session, connections, cache }),
    session,
    startupError,
    close: async () => {
      await Promise.allSettled([session.close(), cache.close()])
    },
  }
}
