import type { Handlers } from '../api'
import { openDatabase, type Database, type DatabaseTarget } from '../db/client'
import { databaseStatus, inspectSchema } from '../db/migrations'
import { ApiFailure } from '../api-failure'
import type { DatabaseSession } from '../session'
import { EMBEDDED_CONNECTION_ID, STARTUP_CONNECTION_ID, type CacheSetting, type ConnectionSummary } from '../../shared/schemas/connections'
import { connectTimeoutOf, sameSecretAddress, splitPassword, withDefaultConnectTimeout, withPassword } from '../../shared/postgres-url'
import { connectionFailure } from '../db/pg-sentences'
import { fetchHostKey } from '../db/ssh-tunnel'
import { typedReachSettings } from './reach-store'
import { runStagedTest, type PostgresTarget } from './staged-test'
import { summarize, type ConnectionStore } from './store'

export type ConnectionMethod = Extract<keyof Handlers, `connections.${string}`>
export type ConnectionHandlers = Pick<Handlers, ConnectionMethod>

export interface ConnectionDeps {
  session: DatabaseSession
  store: ConnectionStore
  /** Where the embedded database lives (PGlite data folder). */
  embeddedDataDir: string
  /** The database opened at start-up: the embedded one, or the `--database` URL. */
  startup: DatabaseTarget
  /** Told after every switch, so the cache follows the connection's setting (a Redis through SSH uses `database`'s tunnel). */
  onOpened?: (connectionId: string, cache: CacheSetting, database: Database) => void | Promise<void>
  /** Connecting and inspecting a database must finish within this, unless its URL sets connect_timeout; default 5 s. */
  timeoutSeconds?: number
  /** `--read-only`: every database is opened read-only, whatever its connection says. */
  readOnly?: boolean
}

/**
 * Runs `work` against `target` (its connect_timeout defaulting to `defaultSeconds`) within that
 * time as a whole, then closes every database it opened (`keep`), even one that opens too late —
 * except the one `work` returns, which is the caller's from then on.
 */
async function withDeadline<T>(
  target: PostgresTarget,
  defaultSeconds: number,
  work: (probe: PostgresTarget, keep: (database: Database) => Database) => Promise<T>,
): Promise<T> {
  const probe = { ...target, url: withDefaultConnectTimeout(target.url, defaultSeconds) }
  const opened: Database[] = []
  let finished = false
  const keep = (database: Database) => {
    // A late connection must not stay open behind the admin's back.
    if (finished) void database.close().catch(() => {})
    else opened.push(database)
    return database
  }
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_, reject) => {
    // A tunnel is one more connection to make first: it gets the same time again.
    const seconds = connectTimeoutOf(probe.url) * (probe.ssh ? 2 : 1)
    timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'CONNECT_TIMEOUT' })), seconds * 1000)
  })
  const running = work(probe, keep)
  running.catch(() => {})
  let result: T | undefined
  try {
    result = await Promise.race([running, deadline])
    return result
  } catch (error) {
    throw connectionFailure(error, probe.url)
  } finally {
    finished = true
    clearTimeout(timer)
    await Promise.all(opened.filter((database) => database !== result).map((database) => database.close().catch(() => {})))
  }
}

const embeddedSummary: ConnectionSummary = {
  id: EMBEDDED_CONNECTION_ID,
  kind: 'embedded',
  name: 'Embedded database',
  label: 'Stored on this computer',
  url: null,
  hasPassword: false,
  cache: { kind: 'none' },
  tls: { caCert: '', clientCert: '', hasClientKey: false, hasKeyPassphrase: false },
  ssh: null,
  readOnly: false,
  direct: null,
}

const noAdvanced = { tls: { caCert: '', clientCert: '', clientKey: null, keyPassphrase: null }, ssh: null }

/** The connections.* methods: saved connections, testing one, and switching the app to one. */
export function createConnectionHandlers(deps: ConnectionDeps): ConnectionHandlers {
  const { session, store, startup } = deps
  const timeoutSeconds = deps.timeoutSeconds ?? 5
  // Null when the start-up database could not be opened: the admin chooses one on the Connection screen.
  let currentId: string | null = session.target === null ? null : startup.kind === 'embedded' ? EMBEDDED_CONNECTION_ID : STARTUP_CONNECTION_ID

  const startupSummary = (): ConnectionSummary | null => {
    if (startup.kind !== 'postgres') return null
    const { url, password } = splitPassword(startup.url)
    const direct = startup.directUrl ? splitPassword(startup.directUrl) : null
    return {
      ...summarize({ id: STARTUP_CONNECTION_ID, name: 'Command line database', url, password, cache: { kind: 'none' }, ...noAdvanced, readOnly: Boolean(deps.readOnly), direct }),
      kind: 'startup',
    }
  }
  const startupUrl = (): string => {
    if (startup.kind !== 'postgres') throw new ApiFailure('not_found', 'Roster was not started with a database URL.')
    return startup.url
  }
  const all = (): ConnectionSummary[] =>
    [embeddedSummary, ...[startupSummary()].filter((c) => c !== null), ...store.list()].map((c) => (deps.readOnly ? { ...c, readOnly: true } : c))
  /** `--read-only` holds for every database opened. */
  const readOnlyAsLaunched = <T extends PostgresTarget>(target: T): T => (deps.readOnly ? { ...target, readOnly: true } : target)

  /** What a connection id opens, and the cache that goes with it. */
  const targetOf = (id: string): { target: DatabaseTarget; cache: CacheSetting } => {
    if (id === EMBEDDED_CONNECTION_ID) return { target: { kind: 'embedded', dataDir: deps.embeddedDataDir }, cache: { kind: 'none' } }
    if (id === STARTUP_CONNECTION_ID) return { target: readOnlyAsLaunched({ ...startup, kind: 'postgres', url: startupUrl() }), cache: { kind: 'none' } }
    const resolved = store.resolve(id)
    const target: PostgresTarget = { kind: 'postgres', url: resolved.url, ...resolved.reach, ...(resolved.directUrl ? { directUrl: resolved.directUrl } : {}) }
    return { target: readOnlyAsLaunched(target), cache: resolved.cache }
  }

  return {
    'connections.list': async () => ({ connections: all(), currentId, secureStorage: store.secureStorage }),

    'connections.current': async () => ({ connection: all().find((c) => c.id === currentId) ?? null }),

    'connections.save': async (input) => store.save(input),

    'connections.remove': async ({ id }) => {
      if (id === currentId) throw new ApiFailure('validation', 'This connection is open. Open another one before removing it.')
      store.remove(id)
      return { id }
    },

    'connections.test': async ({ id, url, password, tls, ssh, readOnly }) => {
      let target: PostgresTarget
      if (url !== undefined) {
        // Unsaved fields; a blank password on an existing connection means "the saved one" — but
        // only for the same server and user, as when saving, so it is never sent anywhere else.
        // The Advanced secrets follow the same rule (typedReachSettings).
        const savedUrl = (savedId: string) => (savedId === STARTUP_CONNECTION_ID ? startupUrl() : store.resolve(savedId).url)
        const typed = splitPassword(url)
        const saved = id === undefined ? null : splitPassword(savedUrl(id))
        const reusable = saved !== null && sameSecretAddress('postgres', saved.url, typed.url) ? saved.password : null
        const savedAdvanced = id === undefined || id === STARTUP_CONNECTION_ID ? null : store.resolveAdvanced(id)
        target = { kind: 'postgres', url: withPassword(typed.url, password || typed.password || reusable), ...typedReachSettings({ url: typed.url, tls, ssh, readOnly }, savedAdvanced) }
      } else if (id !== undefined) {
        target = targetOf(id).target as PostgresTarget
      } else {
        throw new ApiFailure('validation', 'URL is required', [{ field: 'url', message: 'URL is required' }])
      }
      return withDeadline(readOnlyAsLaunched(target), timeoutSeconds, (probe, keep) => runStagedTest(probe, session.migrationsFolder, keep))
    },

    'connections.sshHostKey': async (server) => ({ fingerprint: await fetchHostKey(server, timeoutSeconds * 1000) }),

    'connections.open': async ({ id }) => {
      const { target, cache } = targetOf(id)
      let database: Database
      if (target.kind === 'postgres') {
        // Opened and its schema checked within the time limit, with a sentence for each failure;
        // the same connection (one login, one tunnel) is then the one the app works on.
        const opening = { ...target, url: withDefaultConnectTimeout(target.url, timeoutSeconds) }
        const opened = await withDeadline(opening, timeoutSeconds, async (probe, keep) => {
          const candidate = keep(await openDatabase(probe))
          const probed = await inspectSchema(candidate.db, session.migrationsFolder)
          if (probed.state === 'conflict') throw new ApiFailure('conflict', probed.message)
          return candidate
        })
        database = await session.switchTo(opened, opening)
      } else {
        database = await session.open(target)
      }
      currentId = id
      await deps.onOpened?.(id, cache, database)
      return databaseStatus(database, session.migrationsFolder)
    },
  }
}
