import { join } from 'node:path'
import { BrowserWindow, dialog, shell } from 'electron'
import { denyAllPermissions, guardWebContents } from './electron-guards'

/** The main window: sandboxed, isolated, no Node in the page, no permissions, no navigation away, no new windows. */
export function createMainWindow(url: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Roster',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.mjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  const contents = window.webContents
  denyAllPermissions(contents.session)
  guardWebContents(contents, shell)
  // The page refuses to unload while edits are staged; Electron shows no prompt of its own.
  contents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Discard changes and close', 'Keep editing'],
      defaultId: 1,
      cancelId: 1,
      message: 'Discard unsaved changes?',
      detail: 'Some edits are staged but not saved to the database.',
    })
    if (choice === 0) event.preventDefault()
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}
