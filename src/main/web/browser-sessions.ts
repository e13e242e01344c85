import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Sessions past this are refused: one person's tabs never come near it, a runaway script would. */
export const MAX_SESSIONS = 256
/** Unused one-time links past this are forgotten, oldest first (the printed one is never forgotten). */
export const MAX_PENDING_LINKS = 16

const digest = (value: string) => createHash('sha256').update(value).digest()
const newSecret = () => randomBytes(32).toString('base64url')

/**
 * Compares `candidate` against every stored digest in constant time: hashing first makes the
 * lengths equal, and the loop never stops early, so timing tells nothing about which one matched.
 */
function indexOf(digests: readonly Buffer[], candidate: string): number {
  const wanted = digest(candidate)
  let found = -1
  digests.forEach((stored, index) => {
    if (timingSafeEqual(stored, wanted)) found = index
  })
  return found
}

/**
 * Browser mode's credentials. A link (the token in the printed URL's fragment) is used once: the
 * page trades it for a session credential, so the URL left in the browser's history opens nothing.
 * Only session credentials are accepted on the API.
 */
export class BrowserSessions {
  private readonly printed: Buffer
  private readonly links: Buffer[] = []
  private readonly sessions: Buffer[] = []
  private printedUsed = false

  /** `printedToken`: the token of the URL printed at start. */
  constructor(printedToken: string) {
    this.printed = digest(printedToken)
  }

  /** A fresh one-time link token, for a client that is already signed in. */
  issueLink(): string {
    const token = newSecret()
    this.links.push(digest(token))
    if (this.links.length > MAX_PENDING_LINKS) this.links.shift()
    return token
  }

  /** Trades a one-time link token for a new session credential. */
  exchange(token: string): { ok: true; session: string } | { ok: false; reason: 'used' | 'full' } {
    const printed = !this.printedUsed && indexOf([this.printed], token) === 0
    const link = printed ? -1 : indexOf(this.links, token)
    // An unknown token is most likely a link from history or from an earlier run: "used" says what to do.
    if (!printed && link === -1) return { ok: false, reason: 'used' }
    if (this.sessions.length >= MAX_SESSIONS) return { ok: false, reason: 'full' }
    if (printed) this.printedUsed = true
    else this.links.splice(link, 1)
    const session = newSecret()
    this.sessions.push(digest(session))
    return { ok: true, session }
  }

  isSession(credential: string): boolean {
    return indexOf(this.sessions, credential) !== -1
  }
}
