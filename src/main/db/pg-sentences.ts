import { ZodError } from 'zod'
import type { ApiError } from '../../shared/result'
import { parsePostgresFields, connectTimeoutOf } from '../../shared/postgres-url'
import { ApiFailure } from '../api-failure'
import { describeTlsFailure, tlsUnsupported } from './tls-sentences'

/** The fields both drivers put on a PostgreSQL error (postgres.js and PGlite name two differently). */
export interface PgErrorInfo {
  code: string
  message: string
  constraint?: string
  detail?: string
  table?: string
  column?: string
}

/** Digs the driver's error out of Drizzle's wrapper (`DrizzleQueryError.cause`). */
export function pgErrorOf(error: unknown): PgErrorInfo | null {
  let current: unknown = error
  for (let depth = 0; depth < 4 && current; depth++) {
    const e = current as Record<string, unknown>
    if (typeof e.code === 'string') {
      return {
        code: e.code,
        message: String(e.message ?? ''),
        constraint: (e.constraint_name ?? e.constraint) as string | undefined,
        detail: e.detail as string | undefined,
        table: (e.table_name ?? e.table) as string | undefined,
        column: (e.column_name ?? e.column) as string | undefined,
      }
    }
    current = e.cause
  }
  return null
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** What a sentence may name about the server that failed: from the URL tried, never its password. */
interface ServerNames {
  /** False when no URL was given, or it could not be read: the sentence then speaks of "the database server". */
  known: boolean
  /** host:port, or words for a server whose URL is not at hand. */
  where: string
  host: string | null
  user: string | null
  database: string | null
  /** The URL's connect_timeout, the limit a "did not answer" sentence names. */
  timeoutSeconds: number | null
}

function serverNamesOf(url: string | undefined): ServerNames {
  const fields = url === undefined ? null : parsePostgresFields(url)
  if (url === undefined || !fields) return { known: false, where: 'the database server', host: null, user: null, database: null, timeoutSeconds: null }
  return {
    known: true,
    where: `${fields.host}:${fields.port}`,
    host: fields.host || null,
    user: fields.user || null,
    database: fields.database || null,
    timeoutSeconds: connectTimeoutOf(url),
  }
}

/**
 * The one sentence for each PostgreSQL or network failure, or null when it is not one. `url` is
 * the URL that was being connected to, when known: the sentence then names its server, user,
 * database and connect_timeout; without it, it speaks of "the database server".
 */
export function describePgError(info: PgErrorInfo, url?: string): ApiError | null {
  const { known, where, host, timeoutSeconds, ...named } = serverNamesOf(url)
  // Without the URL, the driver's message still names the missing database or user.
  const database = named.database ?? /database "([^"]+)"/.exec(info.message)?.[1] ?? null
  const user = named.user ?? /role "([^"]+)"/.exec(info.message)?.[1] ?? null
  // A host name keeps its case at the start of a sentence; the words for an unknown server do not.
  const Where = known ? where : capitalize(where)
  const theUser = user ? `user ${user}` : 'that user'
  const connection = (message: string): ApiError => ({ code: 'connection', message })
  const tls = describeTlsFailure(info, known ? where : 'the database server')
  if (tls) return tls
  switch (info.code) {
    case 'ECONNREFUSED':
      return connection(`Nothing is accepting connections at ${known ? where : 'the database server’s address'}. Is PostgreSQL running there, and is the port right?`)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return connection(`${host ? `The host ${host}` : 'The database host'} could not be found. Check its name.`)
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return connection(`${Where} cannot be reached from this computer. Check the host and your network.`)
    case 'CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return connection(`${Where} did not answer ${timeoutSeconds ? `within ${timeoutSeconds} seconds` : 'in time'}. Check the host, the port and any firewall in between.`)
    case 'ECONNRESET':
      if (/TLS|SSL/i.test(info.message)) return tlsUnsupported(Where)
      return connection(`The connection to ${known ? where : 'the database'} was lost. Try again.`)
    case 'CONNECTION_CLOSED':
      return connection(`The connection to ${known ? where : 'the database'} was lost. Try again.`)
    case 'CONNECTION_ENDED':
    case 'CONNECTION_DESTROYED':
      return connection('The connection to the database was closed. Reopen the database.')
    case '28P01':
      return connection(`The password for ${theUser} was refused by ${where}. Check the password.`)
    case '28000':
      if (/does not exist/.test(info.message)) return connection(user ? `There is no user named ${user} on ${where}. Check the user name.` : `That user does not exist on ${where}. Check the user name.`)
      if (/no encryption|SSL off/i.test(info.message)) return connection(`${Where} only accepts encrypted connections. Set SSL mode to "require".`)
      return connection(`${Where} does not let ${theUser} connect to ${database ?? 'this database'} from this computer (${info.message}).`)
    case '3D000':
      return connection(`${database ? `There is no database named ${database}` : 'That database does not exist'} on ${where}. Check the name, or create it first.`)
    case '57P01':
    case '57P02':
    case '57P03':
      return connection(`${Where} is starting up or shutting down. Try again in a moment.`)
    case '53300':
      return connection(`${Where} has too many connections open. Try again later, or ask its administrator.`)
    case '57014':
      return { code: 'internal', message: 'The query took too long and was cancelled.' }
    case '40001':
    case '40P01':
      return { code: 'conflict', message: 'Someone else was changing the same rows at the same moment. Save again.' }
    case '23505':
      return { code: 'constraint', message: 'That value is already used by another row.' }
    case '23503':
      return { code: 'constraint', message: 'That change refers to a row that no longer exists, or is still referred to by other rows.' }
    case '23502':
      return {
        code: 'validation',
        message: `${info.column ?? 'A required value'} cannot be empty.`,
        ...(info.column ? { fieldErrors: [{ field: info.column, message: 'This value is required' }] } : {}),
      }
    case '23514':
      return { code: 'constraint', message: 'A value breaks one of the table’s rules.' }
    case '22P02':
    case '22P05':
    case '22021':
    case '22007':
    case '22008':
    case '22003':
    case '22001':
      // Inputs are checked before they reach SQL; this is the database's own word for one that slipped by.
      return { code: 'validation', message: 'A value cannot be stored as it is: it has the wrong form or is too large.' }
    case '42P01':
      return { code: 'internal', message: 'Roster’s tables are missing here. Apply the migrations on the Connection screen.' }
  }
  if (info.code.startsWith('08')) return connection(`The connection to ${known ? where : 'the database'} failed. Try again.`)
  return describeSslFailure(info.message, where)
}

/** The sentence for an SSL failure told only by its message, or null when it is not one. */
function describeSslFailure(message: string, where: string): ApiError | null {
  if (/self[- ]signed|certificate|unable to verify/i.test(message)) {
    return { code: 'connection', message: `The SSL certificate of ${where} could not be verified (${message}). Use SSL mode "require" to skip verification.` }
  }
  if (/SSL/i.test(message)) return { code: 'connection', message: `The SSL connection to ${where} failed: ${message}` }
  return null
}

/**
 * Why a connection attempt failed, as a sentence saying what to change. `url` is the URL that was
 * tried (its host, port, user and database name the sentence, never its password; its
 * connect_timeout is the limit a timeout names).
 */
export function connectionFailure(error: unknown, url: string): ApiFailure {
  const told = toldFailureOf(error)
  if (told) return told
  // Drizzle wraps the driver's error; the code and message that matter are inside.
  const pg = pgErrorOf(error)
  const message = pg?.message ?? plainMessage(error)
  const described = (pg && describePgError(pg, url)) ?? describeSslFailure(message, serverNamesOf(url).where)
  if (described) return new ApiFailure(described.code, described.message, described.fieldErrors)
  return new ApiFailure('connection', `Could not connect to ${serverNamesOf(url).where}: ${message}`)
}

/**
 * An error's own message without the SQL Drizzle wraps around it ("Failed query: …\nparams: …"):
 * the driver's message when there is one, first line only, quoted values left out, kept short.
 * The only text of an unexpected error that may reach a reply or a log line.
 */
export function plainMessage(error: unknown): string {
  const pg = pgErrorOf(error)
  const raw = pg ? pg.message : error instanceof Error ? error.message : String(error)
  const firstLine = raw.startsWith('Failed query:') ? '' : (raw.split('\n')[0] ?? '')
  // A driver message may quote the value it choked on ('invalid input syntax for type uuid: "…"').
  const unquoted = firstLine.replace(/"[^"]*"|'[^']*'/g, '…')
  return unquoted.length > 160 ? `${unquoted.slice(0, 159)}…` : unquoted
}

/** The class, code and plain message of an error: what a log line may say about it. */
function logLine(error: unknown): string {
  const name = error instanceof Error ? error.constructor.name : typeof error
  const code = pgErrorOf(error)?.code
  return [name, code && `(${code})`, plainMessage(error) || 'no message'].filter(Boolean).join(' ')
}

/**
 * A failure already told as a sentence, also when Drizzle wrapped it as a query's cause: the SSH
 * tunnel's, thrown while the driver asked it for a connection (a dropped or stopped bastion).
 */
function toldFailureOf(error: unknown): ApiFailure | null {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 3; cause = cause.cause, depth++) {
    if (cause instanceof ApiFailure) return cause
  }
  return null
}

/** Anything thrown below the dispatcher, as an error a person can read. */
export function toApiError(error: unknown): ApiError {
  const told = toldFailureOf(error)
  if (told) return told.toApiError()
  if (error instanceof ZodError) {
    return {
      code: 'validation',
      message: error.issues[0]?.message ?? 'Invalid input',
      fieldErrors: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    }
  }
  const pg = pgErrorOf(error)
  const described = (pg && describePgError(pg)) ?? describeSslFailure(plainMessage(error), 'the database server')
  if (described) return described
  // Never the SQL or its parameters (names, emails): not in the reply, not in the log.
  console.error(`[roster] unexpected error: ${logLine(error)}`)
  return { code: 'internal', message: 'Something unexpected went wrong in Roster. Reload to see the current data, then try again.' }
}
