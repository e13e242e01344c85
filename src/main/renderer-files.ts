import { join, relative, isAbsolute, sep } from 'node:path'

/**
 * The file of the built renderer a URL path names, or null when it names none: undecodable, a NUL
 * or backslash (a separator on Windows), or a `..` segment — plain, `%2e%2e`, or behind an encoded
 * `%2f`. Used by the app:// protocol (Electron) and browser mode's static server alike.
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
