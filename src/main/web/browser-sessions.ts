import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/** Sessions past this are refused: one person's tabs never come near it, a runaway script would. */
export const MAX_SESSIONS = 256
/** Unspent one-time links past this are forgotten, oldest first (the printed one is never forgotten). */
export const MAX_PENDING_LINKS = 16
/** How long after its first trade a link none of whose sessions was used may be traded again. */
export const RETRADE_WINDOW_MS = 60_000

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

/** A one-time link not yet spent, and the sessions it was traded for that no request has used yet. */
interface Link {
  digest: Buffer
  printed: boolean
  traded: Buffer[]
  firstTradedAt: number | null
}

/**
 * Browser mode's credentials. A link (the token in the printed URL's fragment) is used once: the
 * page trades it for a session credential, so the URL left in the browser's history opens nothing.
 * The link is spent when one of the sessions it was traded for is first used, not at the trade: a
 * page reloaded while its trade is in flight never receives that session and trades the link again
 * (the page keeps it until its session is stored), within a minute of the first trade. The first
 * session used wins; the link's other sessions, received by no page that still runs, are revoked.
 * Only session credentials are accepted on the API.
 */
export class BrowserSessions {
  private readonly links: Link[]
  private sessions: Buffer[] = []

  /** `printedToken`: the token of the URL printed at start; `now`: the clock (tests set their own). */
  constructor(
    printedToken: string,
    private readonly now: () => number = Date.now,
  ) {
    this.links = [{ digest: digest(printedToken), printed: true, traded: [], firstTradedAt: null }]
  }

  /** A fresh one-time link token, for a client that is already signed in. */
  issueLink(): string {
    const token = newSecret()
    this.links.push({ digest: digest(token), printed: false, traded: [], firstTradedAt: null })
    const issued = this.links.filter((link) => !link.printed)
    if (issued.length > MAX_PENDING_LINKS) this.links.splice(this.links.indexOf(issued[0]!), 1)
    return token
  }

  /** Trades a one-time link token for a new session credential. */
  exchange(token: string): { ok: true; session: string } | { ok: false; reason: 'used' | 'full' } {
    const link = this.links[indexOf(this.links.map((l) => l.digest), token)]
    const now = this.now()
    // An unknown token is most likely a link from history or from an earlier run: "used" says what to do.
    if (!link || (link.firstTradedAt !== null && now - link.firstTradedAt > RETRADE_WINDOW_MS)) return { ok: false, reason: 'used' }
    if (this.sessions.length >= MAX_SESSIONS) return { ok: false, reason: 'full' }
    const session = newSecret()
    const stored = digest(session)
    this.sessions.push(stored)
    link.traded.push(stored)
    link.firstTradedAt ??= now
    return { ok: true, session }
  }

  /** Whether `credential` is a session; its first use spends the link it was traded for. */
  isSession(credential: string): boolean {
    const index = indexOf(this.sessions, credential)
    if (index === -1) return false
    const used = this.sessions[index]!
    const link = this.links.find((l) => l.traded.includes(used))
    if (link) {
      this.links.splice(this.links.indexOf(link), 1)
      const revoked = link.traded.filter((s) => s !== used)
      this.sessions = this.sessions.filter((s) => !revoked.includes(s))
    }
    return true
  }
}
