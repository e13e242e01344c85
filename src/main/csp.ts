/**
 * The Content Security Policy of every page Roster shows, in Electron and in browser mode: its own
 * scripts and API only, nothing remote. Inline styles are allowed because the virtualized grid
 * positions rows with style attributes.
 */
const directives = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-src 'none'",
  "form-action 'none'",
]

export const CONTENT_SECURITY_POLICY = [...directives, "frame-ancestors 'none'"].join('; ')

/** For the page's <meta> tag, which browsers read without `frame-ancestors`. */
export const META_CONTENT_SECURITY_POLICY = directives.join('; ')
