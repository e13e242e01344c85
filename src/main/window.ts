import { join } from 'node:path'
import { BrowserWindow, dialog, shell } from 'electron'

/** The main window: sandboxed, isolated, no Node in the page, no navigation away, no new windows. */
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
  contents.on('will-navigate', (event, target) => {
    if (target !== contents.getURL()) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
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
  contents.setWindowOpenHandler(({ url: target }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (target.startsWith('https://')) void shell.openExternal(target)
    return { action: 'deny' }
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}
