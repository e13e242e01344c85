import type { App, BrowserWindow } from 'electron'

/**
 * One desktop Roster per user (Electron's single-instance lock lives in the userData folder, which
 * holds the embedded database). A second launch quits before it opens anything; the running one
 * brings its window back instead. Returns whether this instance is the one that runs.
 */
export function holdSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  mainWindow: () => BrowserWindow | undefined,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', () => {
    const window = mainWindow()
    if (!window) return // still starting: its window shows when ready
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  })
  return true
}
