import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Dispatcher } from '../api'
import { BrowserSessions } from './browser-sessions'
import { rendererFileResponse, securityHeaders } from '../renderer-files'

/** Bodies above this are refused: the largest legitimate call (a 10,000-row batch) is far smaller. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024

export interface WebServerOptions {
  dispatcher: Dispatcher
  /** The built renderer (out/renderer). */
  rendererDir: string
  /** 0 = any free port. */
  port?: number
  /** Loopback only: 127.0.0.1 (default) or localhost. */
  host?: '127.0.0.1' | 'localhost'
  /** A fixed token for the printed link (tests); by default a random one per run. */
  token?: string
}

export interface WebServer {
  url: string
  port: number
  /** The printed link's one-time token: the page trades it for a session credential (POST /session). */
  token: string
  /** The address to open: the token travels in the fragment, never sent to the server in a request line. */
  openUrl: string
  close(): Promise<void>
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...securityHeaders,
  })
  response.end(text)
}

/** The credential of an `Authorization: Bearer …` header, if there is one. */
function bearerCredential(request: IncomingMessage): string | null {
  return /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null
}

function refuseCredential(request: IncomingMessage, response: ServerResponse, message: string): never {
  // Refused before the body is read or anything is called.
  request.resume()
  response.setHeader('WWW-Authenticate', 'Bearer')
  throw new HttpError(401, message)
}

const LINK_USED_MESSAGE = 'This Roster link was already used. Restart Roster (npm run web) or use the fresh URL it prints.'

/**
 * Who is calling, for scoping `supersede` names: a hash of the bearer credential, which identifies
 * the tab that holds it without the credential itself going any further.
 */
const clientIdOf = (credential: string): string => createHash('sha256').update(credential).digest('hex')

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  const declared = Number(request.headers['content-length'] ?? 0)
  if (declared > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'Request body too large')
    chunks.push(chunk)
  }
  if (size === 0) return undefined
  if (type !== 'application/json') throw new HttpError(415, 'Send the body as application/json')
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch {
    throw new HttpError(400, 'The body is not valid JSON')
  }
}

/**
 * Browser mode: the renderer and the same typed API over HTTP, on loopback only. The printed link's
 * token is traded once for a session credential (POST /session), which every API call needs; a
 * signed-in client may ask for another one-time link (POST /session/link). The Host check stops
 * DNS-rebinding pages from reaching the server by name.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { dispatcher, rendererDir, host = '127.0.0.1' } = options
  const token = options.token ?? randomBytes(32).toString('base64url')
  const sessions = new BrowserSessions(token)
  let allowedHosts = new Set<string>()
  let url = ''

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!allowedHosts.has((request.headers.host ?? '').toLowerCase())) {
      throw new HttpError(421, 'This server answers only to its own loopback address')
    }
    const { pathname } = new URL(request.url ?? '/', 'http://localhost')
    if (pathname === '/session' || pathname === '/session/link') {
      if (request.method !== 'POST') {
        response.setHeader('Allow', 'POST')
        throw new HttpError(405, 'Sessions are opened with POST')
      }
      const credential = bearerCredential(request)
      request.resume()
      if (pathname === '/session/link') {
        if (credential === null || !sessions.isSession(credential)) refuseCredential(request, response, 'Missing or wrong session')
        sendJson(response, 200, { url: `${url}#token=${sessions.issueLink()}` })
        return
      }
      const exchanged = credential === null ? ({ ok: false, reason: 'used' } as const) : sessions.exchange(credential)
      if (exchanged.ok) sendJson(response, 200, { session: exchanged.session })
      else if (exchanged.reason === 'full') throw new HttpError(503, 'Too many browser sessions are open. Restart Roster (npm run web).')
      else refuseCredential(request, response, LINK_USED_MESSAGE)
      return
    }
    if (pathname.startsWith('/api/')) {
      const credential = bearerCredential(request)
      if (credential === null || !sessions.isSession(credential)) refuseCredential(request, response, 'Missing or wrong session')
      if (request.method !== 'POST') {
        response.setHeader('Allow', 'POST')
        throw new HttpError(405, 'API methods are called with POST')
      }
      const input = await readJsonBody(request)
      sendJson(response, 200, await dispatcher.call(pathname.slice('/api/'.length), input, { clientId: clientIdOf(credential) }))
      return
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD')
      throw new HttpError(405, 'Method not allowed')
    }
    const file = await rendererFileResponse(rendererDir, pathname)
    response.writeHead(file.status, Object.fromEntries(file.headers))
    response.end(request.method === 'HEAD' ? undefined : Buffer.from(await file.arrayBuffer()))
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy()
        return
      }
      const status = error instanceof HttpError ? error.status : 500
      const message = error instanceof HttpError ? error.message : 'Internal error'
      if (status === 413) response.setHeader('Connection', 'close')
      sendJson(response, status, { error: message })
    })
  })
  server.requestTimeout = 60_000
  server.headersTimeout = 10_000

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `${host}:${port}`])
  url = `http://${host}:${port}/`

  return {
    url,
    port,
    token,
    openUrl: `${url}#token=${token}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
