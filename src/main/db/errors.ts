import { ZodError } from 'zod'
import type { ApiError } from '../../shared/result'
import { ApiFailure } from '../errors'

/** The fields both drivers put on a PostgreSQL error (postgres.js and PGlite name two differently). */
export interface PgErrorInfo {
  code: string
  message: string
  constraint?: string
  detail?: string
  table?: string
  column?: string
}

const networkCodes: Record<string, string> = {
  ECONNREFUSED: 'The database server refused the connection. Is PostgreSQL running at that host and port?',
  ENOTFOUND: 'The database host could not be found. Check the host name.',
  EAI_AGAIN: 'The database host could not be found. Check the host name and your network.',
  ETIMEDOUT: 'The database server did not answer in time. Check the host, port and your network.',
  CONNECT_TIMEOUT: 'The database server did not answer in time. Check the host, port and your network.',
  ECONNRESET: 'The connection to the database was lost. Try again.',
  EHOSTUNREACH: 'The database host is unreachable from this computer.',
  CONNECTION_CLOSED: 'The connection to the database was lost. Try again.',
  CONNECTION_ENDED: 'The connection to the database was closed. Reopen the database.',
  CONNECTION_DESTROYED: 'The connection to the database was closed. Reopen the database.',
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

/** A sentence for a PostgreSQL or network failure, or null when it is not one. */
export function describePgError(info: PgErrorInfo): ApiError | null {
  const network = networkCodes[info.code]
  if (network) return { code: 'connection', message: network }
  switch (info.code) {
    case '28P01':
      return { code: 'connection', message: 'The password was not accepted for that user.' }
    case '28000':
      return { code: 'connection', message: `The server refused this login: ${info.message}` }
    case '3D000':
      return { code: 'connection', message: `${capitalize(info.message)}. Check the database name.` }
    case '57P01':
    case '57P02':
    case '57P03':
      return { code: 'connection', message: 'The database server is shutting down or restarting. Try again shortly.' }
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
  if (info.code.startsWith('08')) return { code: 'connection', message: 'The connection to the database failed. Try again.' }
  if (/self[- ]signed|certificate|SSL|ssl/.test(info.message)) {
    return { code: 'connection', message: `The SSL connection failed: ${info.message}` }
  }
  return null
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

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

/** Anything thrown below the dispatcher, as an error a person can read. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiFailure) return error.toApiError()
  if (error instanceof ZodError) {
    return {
      code: 'validation',
      message: error.issues[0]?.message ?? 'Invalid input',
      fieldErrors: error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    }
  }
  const pg = pgErrorOf(error)
  const described = pg && describePgError(pg)
  if (described) return described
  const message = plainMessage(error)
  if (/server does not support SSL|SSL/i.test(message)) return { code: 'connection', message: `The SSL connection failed: ${message}` }
  // Never the SQL or its parameters (names, emails): not in the reply, not in the log.
  console.error(`[roster] unexpected error: ${logLine(error)}`)
  return { code: 'internal', message: 'Something unexpected went wrong in Roster. Reload to see the current data, then try again.' }
}
