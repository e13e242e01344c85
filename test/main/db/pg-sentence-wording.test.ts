import { describe, expect, it } from 'vitest'
import { connectionFailure, describePgError, toApiError } from '../../../src/main/db/pg-sentences'

// One sentence per failure, whether Roster was connecting to a URL (connectionFailure: the sentence
// names its server, user, database and connect_timeout) or using an open database (toApiError).
const url = 'postgres://ann:s3cret@db.example:6543/sales?connect_timeout=3'
const pg = (code: string, message = '') => ({ code, message })

describe('PostgreSQL failures as sentences', () => {
  it.each([
    ['28P01', '', 'The password for user ann was refused by db.example:6543. Check the password.', 'The password for that user was refused by the database server. Check the password.'],
    ['3D000', 'database "sales" does not exist', 'There is no database named sales on db.example:6543. Check the name, or create it first.', 'There is no database named sales on the database server. Check the name, or create it first.'],
    ['CONNECT_TIMEOUT', '', 'db.example:6543 did not answer within 3 seconds. Check the host, the port and any firewall in between.', 'The database server did not answer in time. Check the host, the port and any firewall in between.'],
    ['ECONNREFUSED', '', 'Nothing is accepting connections at db.example:6543. Is PostgreSQL running there, and is the port right?', 'Nothing is accepting connections at the database server’s address. Is PostgreSQL running there, and is the port right?'],
    ['CONNECTION_CLOSED', '', 'The connection to db.example:6543 was lost. Try again.', 'The connection to the database was lost. Try again.'],
    ['57P03', '', 'db.example:6543 is starting up or shutting down. Try again in a moment.', 'The database server is starting up or shutting down. Try again in a moment.'],
  ])('%s: the same words with and without the URL', (code, message, withUrl, without) => {
    expect(connectionFailure(pg(code, message), url)).toMatchObject({ code: 'connection', message: withUrl })
    expect(describePgError(pg(code, message))).toEqual({ code: 'connection', message: without })
    expect(toApiError(pg(code, message))).toEqual({ code: 'connection', message: without })
  })

  it('never puts the password in a sentence', () => {
    for (const code of ['28P01', '28000', '3D000', 'ENOTFOUND', 'ETIMEDOUT', 'XX000']) {
      expect(connectionFailure(pg(code, 'boom'), url).message, code).not.toContain('s3cret')
    }
  })

  it('names a certificate it could not verify, connecting or not', () => {
    const error = new Error('self-signed certificate in certificate chain')
    expect(connectionFailure(error, url).message).toBe(
      'The SSL certificate of db.example:6543 could not be verified (self-signed certificate in certificate chain). Use SSL mode "require" to skip verification.',
    )
    expect(toApiError(error).message).toMatch(/^The SSL certificate of the database server could not be verified/)
  })
})
