/**
 * The only pages Roster ever hands to the user's browser: documentation it refers to. An entry is
 * an exact host and a path prefix ending in `/`; the link must be https on the default port, with
 * no user info. Everything else a page tries to open is refused.
 */
const DOCUMENTATION: readonly { host: string; path: string }[] = [
  { host: 'www.postgresql.org', path: '/docs/' },
  { host: 'upstash.com', path: '/docs/' },
  { host: 'redis.io', path: '/docs/' },
]

export function isDocumentationLink(raw: string): boolean {
  if (!URL.canParse(raw)) return false
  const url = new URL(raw)
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return false
  return DOCUMENTATION.some(({ host, path }) => url.hostname === host && url.pathname.startsWith(path))
}
