import { join } from 'node:path'
import { BrowserWindow, shell } from 'electron'

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
  contents.setWindowOpenHandler(({ url: target }) => {
    // Links to documentation open in the user's browser, never inside the app.
    if (target.startsWith('https://')) void shell.openExternal(target)
    return { action: 'deny' }
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(url)
  return window
}
