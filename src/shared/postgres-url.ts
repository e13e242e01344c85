/**
 * Everything Roster reads from or writes into a PostgreSQL URL, in one place: the connection form
 * (renderer), the saved connections and the driver options (main). WHATWG `URL` only, so it runs
 * on both sides. Redis URLs share the user-info shape, so the password and address helpers take
 * them too.
 */

/** libpq's sslmode values, in order of strictness. */
export const sslModes = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const
export type SslMode = (typeof sslModes)[number]

export const DEFAULT_POSTGRES_PORT = 5432
/** Seconds a connection attempt may take when the URL's `connect_timeout` says nothing. */
export const DEFAULT_CONNECT_TIMEOUT_S = 10
const DEFAULT_POOL_SIZE = 10

/** Fields people fill in when they do not paste a URL. */
export interface PostgresFields {
  host: string
  port: number
  database: string
  user: string
  sslmode: SslMode
}

const isSslMode = (value: string): value is SslMode => (sslModes as readonly string[]).includes(value)

function postgresUrlOf(raw: string): URL | null {
  if (!URL.canParse(raw.trim())) return null
  const url = new URL(raw.trim())
  return url.protocol === 'postgres:' || url.protocol === 'postgresql:' ? url : null
}

function decoded(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

/** The fields of a PostgreSQL URL, or null if it is not one. */
export function parsePostgresFields(raw: string): PostgresFields | null {
  const url = postgresUrlOf(raw)
  if (!url) return null
  const sslmode = url.searchParams.get('sslmode') ?? 'prefer'
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : DEFAULT_POSTGRES_PORT,
    database: decoded(url.pathname.replace(/^\//, '')),
    user: decoded(url.username),
    sslmode: isSslMode(sslmode) ? sslmode : 'prefer',
  }
}

/** A PostgreSQL URL from separate fields; the password travels separately, never inside it. */
export function buildPostgresUrl(fields: PostgresFields): string {
  const url = new URL('postgres://localhost')
  url.hostname = fields.host.trim()
  url.port = String(fields.port)
  url.username = encodeURIComponent(fields.user.trim())
  url.pathname = `/${encodeURIComponent(fields.database.trim())}`
  if (fields.sslmode !== 'prefer') url.searchParams.set('sslmode', fields.sslmode)
  return url.toString()
}

/** host:port/database, for people: never a password. */
export function describePostgresUrl(raw: string): string {
  const fields = parsePostgresFields(raw)
  return fields ? `${fields.host}:${fields.port}/${fields.database}` : 'the database server'
}

/** What is wrong with a URL typed into the connection form, one sentence per problem. */
export function postgresUrlProblems(raw: string): string[] {
  const fields = parsePostgresFields(raw)
  if (!fields) return ['Enter a URL like postgres://user@host:5432/database']
  const problems: string[] = []
  if (!fields.host) problems.push('The URL has no host')
  if (!fields.database) problems.push('The URL has no database name (…:5432/database)')
  const sslmode = postgresUrlOf(raw)!.searchParams.get('sslmode')
  if (sslmode !== null && !isSslMode(sslmode)) problems.push(`sslmode=${sslmode} is not one of ${sslModes.join(', ')}`)
  return problems
}

/** libpq's sslmode as postgres.js's `ssl` option (it verifies the host whenever it verifies). */
const driverSsl = {
  disable: false,
  allow: 'allow',
  prefer: 'prefer',
  require: 'require',
  'verify-ca': 'verify-full',
  'verify-full': 'verify-full',
} as const satisfies Record<SslMode, unknown>

/** libpq's certificate file parameters: paths on this computer, read by the main process. */
export interface SslFiles {
  sslrootcert?: string
  sslcert?: string
  sslkey?: string
}

export interface PostgresConnectOptions {
  /** The URL without the settings below, for the driver. */
  url: string
  max: number
  connectTimeoutSeconds: number
  ssl: (typeof driverSsl)[SslMode]
  sslmode: SslMode
  sslFiles: SslFiles
  /** `?pgbouncer=true` (the convention Prisma and others read): a pooler in transaction mode is in between. */
  declaredPooler: 'transaction' | null
}

/**
 * Reads the connection settings people put in a PostgreSQL URL (libpq's `sslmode` and
 * `connect_timeout`, and `max`/`pool_size` for the pool) and returns the URL without them.
 */
export function parsePostgresUrl(raw: string): PostgresConnectOptions {
  if (!URL.canParse(raw)) throw new Error('The database URL is not a valid URL (expected postgres://user:password@host:5432/database)')
  const url = new URL(raw)
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`The database URL must start with postgres:// or postgresql://, not ${url.protocol}//`)
  }
  const take = (...names: string[]) => {
    let value: string | null = null
    for (const name of names) {
      value ??= url.searchParams.get(name)
      url.searchParams.delete(name)
    }
    return value
  }
  const positiveInt = (value: string | null, name: string, fallback: number) => {
    if (value === null) return fallback
    const n = Number(value)
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} in the database URL must be a positive whole number`)
    return n
  }
  const sslmode = take('sslmode', 'ssl') ?? 'prefer'
  if (!isSslMode(sslmode)) throw new Error(`sslmode=${sslmode} is not one of ${sslModes.join(', ')}`)
  const max = positiveInt(take('max', 'pool_size', 'pool_max'), 'pool_size', DEFAULT_POOL_SIZE)
  const connectTimeoutSeconds = positiveInt(take('connect_timeout'), 'connect_timeout', DEFAULT_CONNECT_TIMEOUT_S)
  const sslFiles: SslFiles = {}
  for (const name of ['sslrootcert', 'sslcert', 'sslkey'] as const) {
    const path = take(name)
    if (path) sslFiles[name] = path
  }
  const declaredPooler = take('pgbouncer') === 'true' ? 'transaction' : null
  return { url: url.toString(), max, connectTimeoutSeconds, ssl: driverSsl[sslmode], sslmode, sslFiles, declaredPooler }
}

/**
 * The seconds a URL gives a connection attempt (its `connect_timeout`, else the default): the one
 * limit every deadline and every "did not answer within" sentence about that URL uses.
 */
export function connectTimeoutOf(raw: string): number {
  try {
    return parsePostgresUrl(raw).connectTimeoutSeconds
  } catch {
    return DEFAULT_CONNECT_TIMEOUT_S
  }
}

/** The URL with `connect_timeout` set to `seconds`, unless it sets its own. */
export function withDefaultConnectTimeout(raw: string, seconds: number): string {
  const url = new URL(raw)
  if (!url.searchParams.has('connect_timeout')) url.searchParams.set('connect_timeout', String(seconds))
  return url.toString()
}

/**
 * A URL without its password, and that password (decoded), if it had one: in the user info
 * (`//user:password@`) or as a `?password=` parameter, which ioredis also reads.
 */
export function splitPassword(raw: string): { url: string; password: string | null } {
  const url = new URL(raw.trim())
  const password = url.password ? decoded(url.password) : url.searchParams.get('password') || null
  url.password = ''
  url.searchParams.delete('password')
  return { url: url.toString(), password }
}

/** The URL with `password` in its user info; unchanged when there is none. */
export function withPassword(raw: string, password: string | null): string {
  if (!password) return raw
  const url = new URL(raw)
  url.password = encodeURIComponent(password)
  return url.toString()
}

/**
 * Whom a saved secret was entered for: the user, host and port of a PostgreSQL or Redis URL, the
 * whole REST URL for an Upstash token. A secret is reused only for the same address; the database
 * name (or Redis db index) may change — same server, same login, so the same password.
 */
export function secretAddressOf(kind: 'postgres' | 'redis' | 'upstash', raw: string): string {
  const url = new URL(raw.trim())
  if (kind === 'upstash') return url.toString()
  const port = url.port || (kind === 'postgres' ? String(DEFAULT_POSTGRES_PORT) : '6379')
  return `${decoded(url.username)}@${url.hostname.toLowerCase()}:${port}`
}

/** True when a secret saved for `savedUrl` may be used for `url` (see secretAddressOf). */
export function sameSecretAddress(kind: 'postgres' | 'redis' | 'upstash', savedUrl: string, url: string): boolean {
  try {
    return secretAddressOf(kind, savedUrl) === secretAddressOf(kind, url)
  } catch {
    return false
  }
}
