import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { appProtocolHandler, denyAllPermissions, devServerUrl, guardWebContents, openIfDocumentation } from '../../src/main/electron-guards'
import { isDocumentationLink } from '../../src/main/documentation-links'
import { temporaryDataDir } from '../support/connections'

// Electron cannot run under plain Node: these functions take Electron's objects structurally, and
// the tests hand them recording stand-ins.

const ALLOWED = 'https://www.postgresql.org/docs/current/libpq-connect.html#LIBPQ-CONNSTRING'
const REFUSED = [
  'http://www.postgresql.org/docs/current/',
  'https://www.postgresql.org.evil.example/docs/',
  'https://evil.example/www.postgresql.org/docs/',
  'https://user:pass@www.postgresql.org/docs/',
  'https://www.postgresql.org:8443/docs/',
  'https://www.postgresql.org/about/',
  'https://www.postgresql.org/docsx/',
  'https://www.postgresql.org/docs/../about/',
  'https://docs.example/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'app://elsewhere/index.html',
  'not a url',
]

function fakeShell() {
  const opened: string[] = []
  return { opened, openExternal: (url: string) => (opened.push(url), Promise.resolve()) }
}

describe('documentation links', () => {
  it('allows https documentation pages on the listed hosts only', () => {
    expect(isDocumentationLink(ALLOWED)).toBe(true)
    expect(isDocumentationLink('https://upstash.com/docs/redis/overall/getstarted')).toBe(true)
    for (const url of REFUSED) expect(isDocumentationLink(url), url).toBe(false)
  })

  it('hands only allowed links to the shell', () => {
    const shell = fakeShell()
    expect(openIfDocumentation(shell, ALLOWED)).toBe(true)
    for (const url of REFUSED) expect(openIfDocumentation(shell, url), url).toBe(false)
    expect(shell.opened).toEqual([ALLOWED])
  })
})

describe('permissions', () => {
  it('denies every permission request and check', () => {
    let request: ((...args: never[]) => void) | undefined
    let check: ((...args: never[]) => boolean) | undefined
    denyAllPermissions({
      setPermissionRequestHandler: (handler) => (request = handler as never),
      setPermissionCheckHandler: (handler) => (check = handler as never),
    })
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn()
      ;(request as unknown as (wc: unknown, p: string, cb: (granted: boolean) => void) => void)({}, permission, callback)
      expect(callback).toHaveBeenCalledExactlyOnceWith(false)
      expect((check as unknown as (wc: unknown, p: string) => boolean)({}, permission)).toBe(false)
    }
  })
})

describe('navigation and new windows', () => {
  function fakeContents(current: string) {
    const handlers = new Map<string, (...args: unknown[]) => void>()
    let openHandler: ((details: { url: string }) => { action: string }) | undefined
    const contents = {
      on: (event: string, handler: (...args: never[]) => void) => (handlers.set(event, handler as (...args: unknown[]) => void), contents),
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: 'deny' }) => (openHandler = handler),
      getURL: () => current,
    }
    return { contents, handlers, open: (url: string) => openHandler!({ url }) }
  }

  it('never opens a window, and sends only documentation links to the browser', () => {
    const shell = fakeShell()
    const fake = fakeContents('app://roster/index.html')
    guardWebContents(fake.contents, shell)
    expect(fake.open(ALLOWED)).toEqual({ action: 'deny' })
    for (const url of REFUSED) expect(fake.open(url)).toEqual({ action: 'deny' })
    expect(shell.opened).toEqual([ALLOWED])
  })

  it('stays on its page: navigation away is prevented, documentation opens outside', () => {
    const shell = fakeShell()
    const fake = fakeContents('app://roster/index.html')
    guardWebContents(fake.contents, shell)
    const navigate = fake.handlers.get('will-navigate')!
    for (const url of [...REFUSED, ALLOWED]) {
      const event = { preventDefault: vi.fn() }
      navigate(event, url)
      expect(event.preventDefault, url).toHaveBeenCalled()
    }
    expect(shell.opened).toEqual([ALLOWED])
    const reload = { preventDefault: vi.fn() }
    navigate(reload, 'app://roster/index.html')
    expect(reload.preventDefault).not.toHaveBeenCalled()
    const webview = { preventDefault: vi.fn() }
    fake.handlers.get('will-attach-webview')!(webview)
    expect(webview.preventDefault).toHaveBeenCalled()
  })
})

describe('the renderer’s address', () => {
  it('honours ELECTRON_RENDERER_URL only in an unpackaged (development) app', () => {
    const env = { ELECTRON_RENDERER_URL: 'http://localhost:5173' }
    expect(devServerUrl({ isPackaged: false }, env)).toBe('http://localhost:5173')
    expect(devServerUrl({ isPackaged: true }, env)).toBeUndefined()
    expect(devServerUrl({ isPackaged: false }, {})).toBeUndefined()
  })
})

describe('the app:// protocol', () => {
  let dir: ReturnType<typeof temporaryDataDir>
  let renderer: string

  beforeAll(() => {
    dir = temporaryDataDir()
    renderer = join(dir.dir, 'renderer')
    mkdirSync(join(renderer, 'assets'), { recursive: true })
    writeFileSync(join(renderer, 'index.html'), '<title>Roster</title>')
    writeFileSync(join(renderer, 'assets', 'app.js'), 'app')
    mkdirSync(join(dir.dir, 'renderer-evil'))
    writeFileSync(join(dir.dir, 'renderer-evil', 'x.js'), 'evil')
  })
  afterAll(() => dir?.remove())

  it('serves the renderer’s files with the CSP, as browser mode does', async () => {
    const handle = appProtocolHandler(renderer)
    const index = await handle(new Request('app://roster/'))
    expect(await index.text()).toBe('<title>Roster</title>')
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(index.headers.get('cache-control')).toBe('no-store')
    const script = await handle(new Request('app://roster/assets/app.js'))
    expect(await script.text()).toBe('app')
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect((await handle(new Request('app://roster/assets/missing.js'))).status).toBe(404)
  })

  it('refuses a sibling folder and encoded ways out', async () => {
    const handle = appProtocolHandler(renderer)
    for (const path of ['/..%2frenderer-evil%2fx.js', '/assets/..%2f..%2frenderer-evil%2fx.js', '/..%5crenderer-evil%5cx.js', '/%00']) {
      const reply = await handle(new Request(`app://roster${path}`))
      expect(reply.status, path).toBe(400)
      expect(await reply.text()).not.toContain('evil')
    }
  })
})
