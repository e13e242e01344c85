import { isDocumentationLink } from './documentation-links'
import { rendererFileResponse } from './renderer-files'

// Electron's objects are taken structurally (like SafeStorageLike), so this module stays
// Electron-free and runs under plain Node in tests.

/** The part of Electron's `Session` used to answer permission requests. */
export interface PermissionSessionLike {
  setPermissionRequestHandler(handler: (webContents: unknown, permission: unknown, callback: (granted: boolean) => void) => void): void
  setPermissionCheckHandler(handler: (webContents: unknown, permission: unknown) => boolean): void
}

/** Roster needs no camera, notifications, clipboard reads or anything else: every request is denied. */
export function denyAllPermissions(session: PermissionSessionLike): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  session.setPermissionCheckHandler(() => false)
}

export interface ShellLike {
  openExternal(url: string): Promise<void>
}

/** Opens `url` in the user's browser if it is documentation on the allow-list; says whether it did. */
export function openIfDocumentation(shell: ShellLike, url: string): boolean {
  if (!isDocumentationLink(url)) return false
  void shell.openExternal(url)
  return true
}

interface PreventableEvent {
  preventDefault(): void
}

/** The part of Electron's `WebContents` that decides where a page may go. */
export interface WebContentsLike {
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
  getURL(): string
}

/** No navigation away, no webviews, no new windows; links to documentation open in the browser. */
export function guardWebContents(contents: WebContentsLike, shell: ShellLike): void {
  contents.on('will-navigate', (event, target) => {
    if (target === contents.getURL()) return
    event.preventDefault()
    openIfDocumentation(shell, target)
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    openIfDocumentation(shell, url)
    return { action: 'deny' }
  })
}

/**
 * electron-vite's dev server, only while developing: a packaged app always loads its own app://
 * files, whatever the environment says (an ELECTRON_RENDERER_URL would otherwise point it anywhere).
 */
export function devServerUrl(app: { isPackaged: boolean }, env: NodeJS.ProcessEnv): string | undefined {
  return app.isPackaged ? undefined : env.ELECTRON_RENDERER_URL || undefined
}

/** The app:// protocol: the built renderer's files, as browser mode serves them (renderer-files.ts). */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return (request) => rendererFileResponse(rendererDir, new URL(request.url).pathname)
}
