import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, ipcMain, net, protocol, safeStorage } from 'electron'
import { createApi } from './api'
import { followConnectionCache, ListCache } from './cache'
import { parseLaunchOptions } from './args'
import { createConnectionHandlers } from './connections/handlers'
import { safeStorageSecretBox } from './connections/secret-box'
import { ConnectionStore } from './connections/store'
import type { DatabaseTarget } from './db/client'
import { registerApi, isTrustedSender } from './ipc/register'
import { DatabaseSession } from './session'
import { appProtocolHandler, devServerUrl } from './electron-guards'
import { createMainWindow } from './window'
import { holdSingleInstance } from './single-instance'

const APP_ORIGIN = 'app://roster'
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
const migrationsFolder = app.isPackaged
  ? join(process.resourcesPath, 'drizzle')
  : fileURLToPath(new URL('../../drizzle', import.meta.url))

// The built renderer is served from a privileged custom scheme rather than file://, so it has a
// real origin the IPC sender check can compare against.
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])

async function main() {
  const options = parseLaunchOptions(process.argv.slice(1), process.env)
  await app.whenReady()
  const dataDir = app.getPath('userData')
  const embeddedDataDir = join(dataDir, 'embedded')
  const startup: DatabaseTarget = options.databaseUrl
    ? { kind: 'postgres', url: options.databaseUrl }
    : { kind: 'embedded', dataDir: embeddedDataDir }
  const session = new DatabaseSession(migrationsFolder)
  try {
    await session.open(startup)
  } catch (error) {
    // The app still opens: the Connection screen shows no database and lets the admin choose one.
    dialog.showErrorBox('Roster could not open the database', error instanceof Error ? error.message : String(error))
  }

  const devServer = devServerUrl(app, process.env)
  const origin = devServer ? new URL(devServer).origin : APP_ORIGIN
  // Saved passwords are sealed with the OS keychain (safeStorage) before they reach the disk.
  const store = new ConnectionStore(join(dataDir, 'connections.json'), safeStorageSecretBox(safeStorage))
  // One list cache for the app's life; it follows the cache setting of the connection opened.
  const cache = new ListCache(undefined, { ttlSeconds: options.cacheTtlSeconds })
  const connections = createConnectionHandlers({ session, store, embeddedDataDir, startup, onOpened: followConnectionCache(cache) })
  registerApi(ipcMain, createApi({ session, connections, cache }), isTrustedSender(origin))
  if (!devServer) protocol.handle('app', appProtocolHandler(rendererDir, (url) => net.fetch(url)))
  mainWindow = createMainWindow(devServer ?? `${APP_ORIGIN}/index.html`)

  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => void Promise.allSettled([session.close(), cache.close()]))
}

let mainWindow: ReturnType<typeof createMainWindow> | undefined

// A second launch (which would open the same embedded database) quits; the running one shows its window.
if (holdSingleInstance(app, () => mainWindow)) {
  main().catch((error: unknown) => {
    dialog.showErrorBox('Roster failed to start', error instanceof Error ? (error.stack ?? error.message) : String(error))
    app.exit(1)
  })
}
