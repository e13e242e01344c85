import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, dialog, ipcMain, protocol, safeStorage, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron'
import { parseLaunchOptions } from './args'
import { safeStorageSecretBox } from './connections/secret-box'
import { createRosterCore } from './core'
import { registerApi, isTrustedSender } from './ipc/register'
import { registerEvents } from './ipc/events'
import { appProtocolHandler, devServerUrl } from './electron-guards'
import { createMainWindow } from './window'
import { holdSingleInstance } from './single-instance'

const APP_ORIGIN = 'app://roster'
const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
// Found beside the build output, as browser mode finds it (web/cli.ts): in a package they sit
// together in app.asar, so the packaged app reads the same files the dev build does.
const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url))

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
    pickImportFile: () => pickImportFile(mainWindow),
    chooseExportFile: (suggestedName) => chooseExportFile(mainWindow, suggestedName),
  })
  // The app still opens: the Connection screen shows no database and lets the admin choose one.
  if (core.startupError) dialog.showErrorBox('Roster could not open the database', core.startupError.message)

  const devServer = devServerUrl(app, process.env)
  const origin = devServer ? new URL(devServer).origin : APP_ORIGIN
  registerApi(ipcMain, core.dispatcher, isTrustedSender(origin))
  registerEvents(ipcMain, core.live, isTrustedSender(origin))
  if (!devServer) protocol.handle('app', appProtocolHandler(rendererDir))
  mainWindow = createMainWindow(devServer ?? `${APP_ORIGIN}/index.html`)

  app.on('window-all-closed', () => app.quit())
  // Quitting waits for the core to close: the database's last writes, the export files and the
  // embedded data folder's lock are released before the process ends.
  let closed = false
  let closing: Promise<void> | undefined
  app.on('before-quit', (event) => {
    if (closed) return
    event.preventDefault()
    closing ??= core
      .close()
      .catch((error: unknown) => console.error('Roster did not close cleanly:', error))
      .finally(() => {
        closed = true
        app.quit()
      })
  })
}

let mainWindow: ReturnType<typeof createMainWindow> | undefined

/** The open dialog for a file to import, over the app's window; null when the admin cancels it. */
async function pickImportFile(window: BrowserWindow | undefined): Promise<string | null> {
  const options: OpenDialogOptions = {
    title: 'Import a CSV file',
    properties: ['openFile'],
    filters: [
      { name: 'CSV or TSV', extensions: ['csv', 'tsv', 'txt'] },
      { name: 'All files', extensions: ['*'] },
    ],
  }
  const { canceled, filePaths } = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options)
  return canceled ? null : (filePaths[0] ?? null)
}

/** The save dialog for a CSV export, over the app's window; null when the admin cancels it. */
async function chooseExportFile(window: BrowserWindow | undefined, suggestedName: string): Promise<string | null> {
  const options: SaveDialogOptions = {
    title: 'Export to CSV',
    defaultPath: join(app.getPath('downloads'), suggestedName),
    filters: [{ name: 'CSV', extensions: ['csv'] }],
    properties: ['showOverwriteConfirmation', 'createDirectory'],
  }
  const { canceled, filePath } = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options)
  return canceled || !filePath ? null : filePath
}

// ROSTER_DATA_DIR moves the data folder, as in browser mode (web/data-dir.ts): the embedded
// database, saved connections and the single-instance lock, so it is set before the lock is taken.
if (process.env.ROSTER_DATA_DIR) app.setPath('userData', process.env.ROSTER_DATA_DIR)

// A second launch (which would open the same embedded database) quits; the running one shows its window.
if (holdSingleInstance(app, () => mainWindow)) {
  main().catch((error: unknown) => {
    dialog.showErrorBox('Roster failed to start', error instanceof Error ? (error.stack ?? error.message) : String(error))
    app.exit(1)
  })
}
