const TOKEN_KEY = 'roster.token'

/**
 * The browser-mode API token: read once from `#token=…` in the URL the server printed, then
 * taken out of the address bar (so it is not shared or bookmarked) and kept for this tab only,
 * so a reload still works.
 */
export function takeApiToken(): string | null {
  const hash = new URLSearchParams(location.hash.slice(1))
  const fromUrl = hash.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    hash.delete('token')
    const rest = hash.toString()
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY)
}
