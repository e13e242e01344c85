import { readFile, stat } from 'node:fs/promises'
import { extname, join, relative, isAbsolute, sep } from 'node:path'
import { CONTENT_SECURITY_POLICY } from './csp'

/**
 * The file of the built renderer a URL path names, or null when it names none: undecodable, a NUL
 * or backslash (a separator on Windows), or a `..` segment — plain, `%2e%2e`, or behind an encoded
 * `%2f`.
 */
export function resolveRendererFile(rendererDir: string, pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.')
  if (segments.includes('..')) return null
  const file = join(rendererDir, ...(segments.length > 0 ? segments : ['index.html']))
  // Compared segment by segment, so a sibling like `renderer-evil` is never "inside" `renderer`.
  const inside = relative(rendererDir, file)
  return inside !== '' && !isAbsolute(inside) && inside.split(sep)[0] !== '..' ? file : null
}

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

/** Sent with every reply of the app's own origin, files and API alike. */
export const securityHeaders = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}

const isFile = (path: string): Promise<boolean> => stat(path).then((s) => s.isFile(), () => false)

const refusal = (status: number, text: string) =>
  new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...securityHeaders } })

/**
 * The built renderer's reply to a GET of `pathname`: the one file server behind the app://
 * protocol (Electron) and browser mode. Paths without an extension are app routes and get
 * index.html (the renderer routes itself); a missing asset is a 404, never index.html served as
 * JavaScript; a path that leads out of the folder is a 400, read from nowhere.
 */
export async function rendererFileResponse(rendererDir: string, pathname: string): Promise<Response> {
  const index = join(rendererDir, 'index.html')
  let file = resolveRendererFile(rendererDir, pathname)
  if (file === null) return refusal(400, 'Bad path')
  if (!(await isFile(file))) {
    if (extname(file) !== '') return refusal(404, 'Not found')
    file = index
  }
  const body = await readFile(file)
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      // Vite fingerprints assets; index.html must always be fetched fresh to pick up new ones.
      'Cache-Control': file === index ? 'no-store' : 'public, max-age=31536000, immutable',
      ...securityHeaders,
    },
  })
}
