import { join } from 'node:path'
import { createApi, type Dispatcher } from './api'
import type { LaunchOptions } from './args'
import { followConnectionCache, ListCache } from './cache'
import { createConnectionHandlers } from './connections/handlers'
import type { SecretBox } from './connections/secret-box'
import { ConnectionStore } from './connections/store'
import { ImportFiles } from './csv/import-files'
import { ExportJobs } from './csv/export-jobs'
import type { Database, DatabaseTarget } from './db/client'
import type { CacheSetting } from '../shared/schemas/connections'
import { DatabaseSession } from './session'
import { LiveChanges } from './events/live-changes'

export interface RosterCoreOptions {
  /** The app's data folder: the embedded database and the saved connections live in it. */
  dataDir: string
  migrationsFolder: string
  launchOptions: Pick<LaunchOptions, 'databaseUrl' | 'cacheTtlSeconds'> & Partial<Pick<LaunchOptions, 'readOnly' | 'directDatabaseUrl'>>
  /** Seals saved secrets: Electron's safeStorage, or a key file in browser mode. */
  secretBox: SecretBox
  /** The desktop app's open dialog for imports (Electron); browser mode uploads files instead. */
  pickImportFile?: () => Promise<string | null>
  /** The desktop app's save dialog for exports (Electron); browser mode downloads them instead. */
  chooseExportFile?: (suggestedName: string) => Promise<string | null>
}

export interface RosterCore {
  /** Every API method; the desktop app registers it on IPC, browser mode serves it over HTTP. */
  dispatcher: Dispatcher
  session: DatabaseSession
  /** Why the start-up database did not open (null when it did): each startup decides what to do. */
  startupError: Error | null
  /** Files chosen for import; browser mode's server streams uploads into it. */
  importFiles: ImportFiles
  /** CSV exports; browser mode's server streams their downloads. */
  exports: ExportJobs
  /** Change events of the open database: the desktop app pushes them over IPC, browser mode streams them. */
  live: LiveChanges
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
    ? {
        kind: 'postgres',
        url: launchOptions.databaseUrl,
        ...(launchOptions.directDatabaseUrl ? { directUrl: launchOptions.directDatabaseUrl } : {}),
        ...(launchOptions.readOnly ? { readOnly: true } : {}),
      }
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
  // Saves announced by every Roster on the database reach each window, and the cache's in-process layer.
  const live = new LiveChanges({ localLayer: cache })
  await live.follow(session)
  const followCache = followConnectionCache(cache)
  const onOpened = async (connectionId: string, setting: CacheSetting, database: Database) => {
    await followCache(connectionId, setting, database)
    await live.follow(session)
  }
  const connections = createConnectionHandlers({ session, store, embeddedDataDir, startup, onOpened, readOnly: launchOptions.readOnly })
  const importFiles = new ImportFiles()
  const exports = new ExportJobs({ session, chooseFile: options.chooseExportFile })
  return {
    dispatcher: createApi({ session, connections, cache, importFiles, pickImportFile: options.pickImportFile, exports, announcer: live }),
    session,
    startupError,
    importFiles,
    exports,
    live,
    close: async () => {
      // Exports first: each removes its unfinished file while the database is still open.
      await exports.close()
      await live.close()
      await Promise.allSettled([session.close(), cache.close(), importFiles.close()])
    },
  }
}
