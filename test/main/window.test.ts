import { beforeEach, describe, expect, it, vi } from 'vitest'

// Electron itself cannot run under Node: a recording stand-in for BrowserWindow lets the test read
// exactly what the app asks Electron for, and drive the navigation events it registers.
const created: {
  options: Record<string, unknown>
  handlers: Map<string, (...args: unknown[]) => void>
  openHandler?: (d: { url: string }) => unknown
  permissionRequest?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void
  permissionCheck?: (contents: unknown, permission: string) => boolean
  loaded?: string
}[] = []
const opened: string[] = []
let dialogChoice = 1

vi.mock('electron', () => {
  class BrowserWindow {
    webContents: Record<string, unknown>
    constructor(options: Record<string, unknown>) {
      const record: (typeof created)[number] = { options, handlers: new Map() }
      created.push(record)
      this.webContents = {
        on: (event: string, handler: (...args: unknown[]) => void) => record.handlers.set(event, handler),
        setWindowOpenHandler: (handler: (d: { url: string }) => unknown) => (record.openHandler = handler),
        getURL: () => record.loaded,
        session: {
          setPermissionRequestHandler: (handler: (typeof record)['permissionRequest']) => (record.permissionRequest = handler),
          setPermissionCheckHandler: (handler: (typeof record)['permissionCheck']) => (record.permissionCheck = handler),
        },
      }
    }
    once() {}
    show() {}
    loadURL(url: string) {
      created.at(-1)!.loaded = url
      return Promise.resolve()
    }
  }
  return {
    BrowserWindow,
    shell: { openExternal: (url: string) => opened.push(url) },
    dialog: { showMessageBoxSync: () => dialogChoice },
  }
})

const { createMainWindow } = await import('../../src/main/window')

describe('the main window', () => {
  beforeEach(() => {
    created.length = 0
    opened.length = 0
  })

  it('is sandboxed and isolated, with no Node in the page', () => {
    createMainWindow('app://roster/index.html')
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true })
    expect(String(prefs.preload)).toMatch(/preload[\\/]index\.mjs$/)
  })

  it('refuses to navigate away, to attach webviews, and to open new windows', () => {
    createMainWindow('app://roster/index.html')
    const window = created[0]!
    const navigate = { preventDefault: vi.fn() }
    window.handlers.get('will-navigate')!(navigate, 'https://evil.example/')
    expect(navigate.preventDefault).toHaveBeenCalled()
    const webview = { preventDefault: vi.fn() }
    window.handlers.get('will-attach-webview')!(webview)
    expect(webview.preventDefault).toHaveBeenCalled()
    // Only documentation on the allow-list goes to the user's browser; any other https page does not.
    const docs = 'https://www.postgresql.org/docs/current/libpq-connect.html'
    expect(window.openHandler!({ url: docs })).toEqual({ action: 'deny' })
    expect(window.openHandler!({ url: 'https://docs.example/' })).toEqual({ action: 'deny' })
    expect(window.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' })
    expect(opened).toEqual([docs])
  })

  it('denies every permission the page asks for, before it loads', () => {
    createMainWindow('app://roster/index.html')
    const window = created[0]!
    const callback = vi.fn()
    window.permissionRequest!({}, 'media', callback)
    expect(callback).toHaveBeenCalledWith(false)
    expect(window.permissionCheck!({}, 'clipboard-read')).toBe(false)
  })

  it('asks before closing over staged edits, and closes only when told to discard them', () => {
    createMainWindow('app://roster/index.html')
    const preventUnload = created[0]!.handlers.get('will-prevent-unload')!
    dialogChoice = 1
    const keep = { preventDefault: vi.fn() }
    preventUnload(keep)
    expect(keep.preventDefault).not.toHaveBeenCalled()
    dialogChoice = 0
    const discard = { preventDefault: vi.fn() }
    preventUnload(discard)
    expect(discard.preventDefault).toHaveBeenCalled()
  })
})
