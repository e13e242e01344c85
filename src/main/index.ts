import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
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
import { CONTENT_SECURITY_POLICY } from './csp'
import { createMainWindow } from './window'

const APP_ORIGIN = 'app://roster'
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
const migrationsFolder = app.isPackaged
  ? join(process.resourcesPath, 'drizzle')
  : fileURLToPath(new URL('../../drizzle', import.meta.url))

// The built renderer is served from a privileged custom scheme rather than file://, so it has a
// real origin the IPC sender check can compare against.
protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])

function serveRenderer() {
  protocol.handle('app', async (request) => {
    const { pathname } = new URL(request.url)
    const file = join(rendererDir, decodeURIComponent(pathname === '/' ? '/index.html' : pathname))
    if (!file.startsWith(rendererDir)) return new Response('Not found', { status: 404 })
    const response = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(response.headers)
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    return new Response(response.body, { status: response.status, headers })
  })
}

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

  const devServer = process.env.ELECTRON_RENDERER_URL
  const origin = devServer ? new URL(devServer).origin : APP_ORIGIN
  // Saved passwords are sealed with the OS keychain (safeStorage) before they reach the disk.
  const store = new ConnectionStore(join(dataDir, 'connections.json'), safeStorageSecretBox(safeStorage))
  // One list cache for the app's life; it follows the cache setting of the connection opened.
  const cache = new ListCache(undefined, { ttlSeconds: options.cacheTtlSeconds })
  const connections = createConnectionHandlers({ session, store, embeddedDataDir, startup, onOpened: followConnectionCache(cache) })
  registerApi(ipcMain, createApi({ session, connections, cache }), isTrustedSender(origin))
  if (!devServer) serveRenderer()
  createMainWindow(devServer ?? `${APP_ORIGIN}/index.html`)

  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => void Promise.allSettled([session.close(), cache.close()]))
}

main().catch((error: unknown) => {
  dialog.showErrorBox('Roster failed to start', error instanceof Error ? (error.stack ?? error.message) : String(error))
  app.exit(1)
})
