import { parsePostgresFields } from '../../shared/domain/connections'
import { connectTimeoutOf } from '../db/client'
import { pgErrorOf, plainMessage } from '../db/errors'
import { ApiFailure } from '../errors'

/**
 * Why a connection attempt failed, as a sentence saying what to change. `url` is the URL that was
 * tried (its host, port, user and database name the sentence, never its password; its
 * connect_timeout is the limit a timeout names).
 */
export function connectionFailure(error: unknown, url: string): ApiFailure {
  if (error instanceof ApiFailure) return error
  // Drizzle wraps the driver's error; the code and message that matter are inside.
  const { code, message } = pgErrorOf(error) ?? { code: undefined, message: plainMessage(error) }
  const fields = parsePostgresFields(url)
  const where = fields ? `${fields.host}:${fields.port}` : 'the server'
  const user = fields?.user || 'the user'
  const database = fields?.database ?? 'the database'
  const say = (sentence: string) => new ApiFailure('connection', sentence)

  switch (code) {
    case '28P01':
      return say(`The password for user ${user} was refused by ${where}. Check the password.`)
    case '3D000':
      return say(`There is no database named ${database} on ${where}. Check the name, or create it first.`)
    case '28000':
      if (/does not exist/.test(message)) return say(`There is no user named ${user} on ${where}. Check the user name.`)
      if (/no encryption|SSL off/i.test(message)) {
        return say(`${where} only accepts encrypted connections. Set SSL mode to "require".`)
      }
      return say(`${where} does not let user ${user} connect to ${database} from this computer (${message}).`)
    case '57P03':
      return say(`${where} is starting up or shutting down. Try again in a moment.`)
    case '53300':
      return say(`${where} has too many connections open. Try again later, or ask its administrator.`)
    case 'ECONNREFUSED':
      return say(`Nothing is accepting connections at ${where}. Is PostgreSQL running there, and is the port right?`)
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return say(`The host ${fields?.host ?? ''} could not be found. Check its name.`)
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return say(`${where} cannot be reached from this computer. Check the host and your network.`)
    case 'CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return say(`${where} did not answer within ${connectTimeoutOf(url)} seconds. Check the host, the port and any firewall in between.`)
    case 'ECONNRESET':
      if (/TLS|SSL/i.test(message)) {
        return say(`${where} does not support SSL. Set SSL mode to "prefer" or "disable", or enable SSL on the server.`)
      }
      return say(`${where} closed the connection. Is it a PostgreSQL server?`)
  }
  if (/self[- ]signed|certificate|unable to verify/i.test(message)) {
    return say(`The SSL certificate of ${where} could not be verified (${message}). Use SSL mode "require" to skip verification.`)
  }
  return say(`Could not connect to ${where}: ${message}`)
}
