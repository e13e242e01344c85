import { readFile, stat } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join } from 'node:path'
import { CONTENT_SECURITY_POLICY } from '../csp'
import { resolveRendererFile } from '../renderer-files'

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}


export const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  )
}

/**
 * Serves the built renderer. Paths without an extension are app routes and get index.html (the
 * renderer routes itself); a missing asset is a 404, never index.html served as JavaScript.
 */
export async function serveStatic(rootDir: string, pathname: string, response: ServerResponse, headOnly: boolean): Promise<void> {
  const index = join(rootDir, 'index.html')
  let file = resolveRendererFile(rootDir, pathname)
  if (file === null) {
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders }).end('Bad path')
    return
  }
  if (!(await isFile(file))) {
    if (extname(file) !== '') {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders }).end('Not found')
      return
    }
    file = index
  }
  const body = await readFile(file)
  const isIndex = file === index
  response.writeHead(200, {
    'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': body.length,
    // Vite fingerprints assets; index.html must always be fetched fresh to pick up new ones.
    'Cache-Control': isIndex ? 'no-store' : 'public, max-age=31536000, immutable',
    ...securityHeaders,
  })
  response.end(headOnly ? undefined : body)
}
