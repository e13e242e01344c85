import { createPrivateKey } from 'node:crypto'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, queryRows, type DatabaseTarget } from '../../../src/main/db/client'
import { connectionFailure } from '../../../src/main/db/pg-sentences'
import { startTlsServer, type TlsServer } from '../../support/tls-postgres'

let server: TlsServer
beforeAll(async () => {
  server = await startTlsServer()
})
afterAll(() => server?.stop())

/** Who the session is, and whether it is encrypted, as the server sees it. */
async function sessionOf(target: Extract<DatabaseTarget, { kind: 'postgres' }>) {
  const database = await openDatabase(target)
  try {
    const [row] = await queryRows(
      database.db,
      z.object({ user: z.string(), ssl: z.boolean() }),
      sql`select current_user as "user", ssl from pg_stat_ssl where pid = pg_backend_pid()`,
    )
    return row
  } finally {
    await database.close()
  }
}

/** The sentence an admin reads when the connection fails. */
async function refusal(target: Extract<DatabaseTarget, { kind: 'postgres' }>): Promise<string> {
  const database = await openDatabase(target).catch((error: unknown) => connectionFailure(error, target.url))
  if (!('message' in database)) {
    await database.close()
    throw new Error('The connection was expected to fail')
  }
  return database.message
}

describe('TLS with a CA of its own', () => {
  it('verify-full succeeds with the server’s CA', async () => {
    expect(await sessionOf({ kind: 'postgres', url: server.url(), tls: { ca: server.certs.ca } })).toEqual({ user: server.user, ssl: true })
  })

  it('verify-full fails with another CA, and without one (the system’s CAs do not know it)', async () => {
    const where = `127.0.0.1:${server.port}`
    expect(await refusal({ kind: 'postgres', url: server.url(), tls: { ca: server.certs.otherCa } })).toBe(
      `The certificate of ${where} is signed by a certificate authority Roster does not trust. Give the connection its CA certificate (Advanced → TLS), or use SSL mode "require" to encrypt without verifying.`,
    )
    expect(await refusal({ kind: 'postgres', url: server.url() })).toMatch(/certificate authority Roster does not trust/)
  })

  it('verify-full fails for a host name the certificate does not list; verify-ca checks the chain only', async () => {
    const localhost = server.url({ host: 'localhost' })
    expect(await refusal({ kind: 'postgres', url: localhost, tls: { ca: server.certs.ca } })).toBe(
      `The certificate of localhost:${server.port} is not for that host name (Host: localhost. is not cert's CN: 127.0.0.1). Connect by a name the certificate lists, or use SSL mode "verify-ca".`,
    )
    expect(await sessionOf({ kind: 'postgres', url: server.url({ host: 'localhost', sslmode: 'verify-ca' }), tls: { ca: server.certs.ca } })).toMatchObject({ ssl: true })
    expect(await refusal({ kind: 'postgres', url: server.url({ sslmode: 'verify-ca' }), tls: { ca: server.certs.otherCa } })).toMatch(/does not trust/)
  })

  it('require encrypts without verifying, unless a CA is given', async () => {
    expect(await sessionOf({ kind: 'postgres', url: server.url({ host: 'localhost', sslmode: 'require' }) })).toMatchObject({ ssl: true })
    expect(await refusal({ kind: 'postgres', url: server.url({ sslmode: 'require' }), tls: { ca: server.certs.otherCa } })).toMatch(/does not trust/)
  })

  it('says so when the server does not support TLS', async () => {
    // The shared server on 5432 runs without TLS.
    expect(await refusal({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/postgres?sslmode=require' })).toBe(
      '127.0.0.1:5432 does not support SSL. Set SSL mode to "prefer" or "disable", or enable SSL on the server.',
    )
  })
})

describe('an expired server certificate', () => {
  it('is refused with a sentence saying it expired, whatever else is right', async () => {
    await server.presentCertificate('expired')
    try {
      expect(await refusal({ kind: 'postgres', url: server.url(), tls: { ca: server.certs.ca } })).toBe(
        `The certificate of 127.0.0.1:${server.port} has expired. Its administrator must renew it.`,
      )
    } finally {
      await server.presentCertificate('valid')
    }
    expect(await sessionOf({ kind: 'postgres', url: server.url(), tls: { ca: server.certs.ca } })).toMatchObject({ ssl: true })
  })
})

describe('client certificates', () => {
  const certUrl = () => server.url({ user: server.certUser })

  it('logs the certificate’s user in with its key (encrypted, opened by its passphrase)', async () => {
    const { ca, clientCert, encryptedClientKey, clientKeyPassphrase } = server.certs
    expect(await sessionOf({ kind: 'postgres', url: certUrl(), tls: { ca, cert: clientCert, key: encryptedClientKey, passphrase: clientKeyPassphrase } })).toEqual({
      user: server.certUser,
      ssl: true,
    })
  })

  it('is refused without the certificate, and with a wrong passphrase', async () => {
    const { ca, clientCert, encryptedClientKey } = server.certs
    expect(await refusal({ kind: 'postgres', url: certUrl(), tls: { ca } })).toBe(
      `127.0.0.1:${server.port} requires a client certificate for this user. Add the certificate and its key (Advanced → TLS), and use SSL mode "require" or stricter.`,
    )
    expect(await refusal({ kind: 'postgres', url: certUrl(), tls: { ca, cert: clientCert, key: encryptedClientKey, passphrase: 'wrong' } })).toBe(
      'The client key could not be opened: its passphrase is missing or wrong.',
    )
  })

  it('says the passphrase is wrong also when the wrong one decrypts the key to bytes that are not a key', async () => {
    // About one wrong passphrase in 256 passes the decryption's padding check (OpenSSL then cannot
    // decode the result): the same wrong passphrase to the person typing it.
    const { ca, clientCert, encryptedClientKey } = server.certs
    const garbling = Array.from({ length: 5_000 }, (_, i) => `wrong ${i}`).find((passphrase) => {
      try {
        createPrivateKey({ key: encryptedClientKey, passphrase })
        return false
      } catch (error) {
        return !/bad decrypt/i.test((error as Error).message)
      }
    })
    expect(garbling).toBeDefined()
    expect(await refusal({ kind: 'postgres', url: certUrl(), tls: { ca, cert: clientCert, key: encryptedClientKey, passphrase: garbling! } })).toBe(
      'The client key could not be opened: its passphrase is missing or wrong.',
    )
  })

  it('reads sslrootcert, sslcert and sslkey files named in the URL', async () => {
    const files = `&sslrootcert=${join(server.dir, 'ca.crt')}&sslcert=${join(server.dir, 'client.crt')}&sslkey=${join(server.dir, 'client.key')}`
    expect(await sessionOf({ kind: 'postgres', url: `${certUrl()}${files}` })).toEqual({ user: server.certUser, ssl: true })
  })
})
