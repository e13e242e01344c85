import { createHash, randomBytes } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Dispatcher } from '../api'
import { BrowserSessions } from './browser-sessions'
import { rendererFileResponse, securityHeaders } from '../renderer-files'
import { ApiFailure } from '../api-failure'
import type { ImportFiles } from '../csv/import-files'
import type { ExportJobs } from '../csv/export-jobs'
import type { EventSource } from '../ipc/events'
import { fail, ok } from '../../shared/result'
import { MAX_IMPORT_FILE_BYTES } from '../../shared/schemas/imports'

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
  /** Where `POST /upload/import` streams a file chosen for import (the dispatcher's imports.* read it from there). */
  importFiles?: ImportFiles
  /** The CSV exports `GET /export/<ticket>` downloads (exports.start hands out the ticket). */
  exports?: Pick<ExportJobs, 'takeDownload'>
  /** Change events, streamed to each signed-in tab at `GET /events` (Server-Sent Events). */
  events?: EventSource
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

const LINK_USED_MESSAGE =
  'This Roster link was already used: a link opens one page. Go back to the page it opened, or restart Roster (npm run web) and open the new address it prints.'

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
 * A file for import, streamed to disk as it arrives (never held in memory), for the caller whose
 * session sent it: the answer is a Result like an API call's, with the id imports.* take.
 */
async function receiveImportFile(request: IncomingMessage, response: ServerResponse, files: ImportFiles, owner: string): Promise<void> {
  const name = new URL(request.url ?? '/', 'http://localhost').searchParams.get('name') ?? 'upload.csv'
  if (Number(request.headers['content-length'] ?? 0) > MAX_IMPORT_FILE_BYTES) {
    request.resume()
    response.setHeader('Connection', 'close')
    sendJson(response, 413, fail({ code: 'validation', message: `The file is larger than ${MAX_IMPORT_FILE_BYTES / (1024 * 1024)} MB, the most Roster imports. Split it into smaller files.` }))
    return
  }
  try {
    sendJson(response, 200, ok(await files.receive(request, name, owner)))
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error
    // Refused mid-body: the rest is not read, so the connection cannot carry another request.
    response.setHeader('Connection', 'close')
    sendJson(response, 413, fail(error.toApiError()))
  }
}

/** `attachment; filename=…` for any file name: an ASCII fallback, and the name itself in UTF-8 (RFC 6266). */
const attachment = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`

/**
 * A CSV export as a download, streamed from the database as the browser takes it. The ticket in
 * the address was handed to a signed-in caller by exports.start and opens its one download once.
 * An export that stops early (cancelled, or failed) cuts the connection, so the browser marks the
 * download failed and keeps no partial file.
 */
async function sendExportDownload(request: IncomingMessage, response: ServerResponse, exports: Pick<ExportJobs, 'takeDownload'>, ticket: string) {
  request.resume()
  if (request.method !== 'GET') {
    response.setHeader('Allow', 'GET')
    throw new HttpError(405, 'Downloads are fetched with GET')
  }
  const download = exports.takeDownload(ticket)
  if (!download) throw new HttpError(404, 'This download link was already used or has expired. Export again.')
  response.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': attachment(download.fileName),
    'Cache-Control': 'no-store',
    ...securityHeaders,
  })
  // A failure after the headers went out ends in response.destroy() (see the request handler).
  await download.write(response)
}

/** How often an idle event stream carries a comment, so neither end takes it for dead. */
export const EVENT_KEEPALIVE_MS = 15_000

/**
 * The tab's change events as Server-Sent Events, from the current state on, for as long as the
 * tab keeps the stream open. Each event is one `data:` line of JSON (the contract's `rosterEvent`).
 */
function streamEvents(request: IncomingMessage, response: ServerResponse, source: EventSource, clientId: string): void {
  request.resume()
  if (request.method !== 'GET') {
    response.setHeader('Allow', 'GET')
    throw new HttpError(405, 'Events are streamed with GET')
  }
  response.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', ...securityHeaders })
  // The browser's reconnection delay after the stream drops (the server restarting, a sleep).
  response.write('retry: 1000\n\n')
  const unsubscribe = source.subscribe(clientId, (event) => response.write(`data: ${JSON.stringify(event)}\n\n`))
  const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), EVENT_KEEPALIVE_MS)
  response.on('close', () => {
    clearInterval(keepAlive)
    unsubscribe()
  })
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
    if (pathname === '/upload/import' && options.importFiles) {
      const credential = bearerCredential(request)
      if (credential === null || !sessions.isSession(credential)) refuseCredential(request, response, 'Missing or wrong session')
      if (request.method !== 'POST') {
        response.setHeader('Allow', 'POST')
        throw new HttpError(405, 'Files are uploaded with POST')
      }
      await receiveImportFile(request, response, options.importFiles, clientIdOf(credential))
      return
    }
    if (pathname === '/events' && options.events) {
      const credential = bearerCredential(request)
      if (credential === null || !sessions.isSession(credential)) refuseCredential(request, response, 'Missing or wrong session')
      streamEvents(request, response, options.events, clientIdOf(credential))
      return
    }
    if (pathname.startsWith('/export/') && options.exports) {
      await sendExportDownload(request, response, options.exports, pathname.slice('/export/'.length))
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
