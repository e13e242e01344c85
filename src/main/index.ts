import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, ipcMain, protocol, safeStorage } from 'electron'
import { parseLaunchOptions } from './args'
import { safeStorageSecretBox } from './connections/secret-box'
import { createRosterCore } from './core'
import { registerApi, isTrustedSender } from './ipc/register'
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
  // Saved passwords are sealed with the OS keychain (safeStorage) before they reach the disk.
  const core = await createRosterCore({
    dataDir: app.getPath('userData'),
    migrationsFolder,
    launchOptions: options,
    secretBox: safeStorageSecretBox(safeStorage),
  })
  // The app still opens: the Connection screen shows no database and lets the admin choose one.
  if (core.startupError) dialog.showErrorBox('Roster could not open the database', core.startupError.message)

  const devServer = devServerUrl(app, process.env)
  const origin = devServer ? new URL(devServer).origin : APP_ORIGIN
  registerApi(ipcMain, core.dispatcher, isTrustedSender(origin))
  if (!devServer) protocol.handle('app', appProtocolHandler(rendererDir))
  mainWindow = createMainWindow(devServer ?? `${APP_ORIGIN}/index.html`)

  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => void core.close())
}

let mainWindow: ReturnType<typeof createMainWindow> | undefined

// A second launch (which would open the same embedded database) quits; the running one shows its window.
if (holdSingleInstance(app, () => mainWindow)) {
  main().catch((error: unknown) => {
    dialog.showErrorBox('Roster failed to start', error instanceof Error ? (error.stack ?? error.message) : String(error))
    app.exit(1)
  })
}
