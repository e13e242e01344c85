import { createPrivateKey } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { createSecureContext, type ConnectionOptions } from 'node:tls'
import type { SslFiles, SslMode } from '../../shared/postgres-url'
import { ApiFailure } from '../api-failure'
import { describeTlsFailure, keyNotOpened } from './tls-sentences'

/** A connection's own certificates, as PEM text: saved with it, or read from the URL's files. */
export interface TlsMaterial {
  /** The CA (or bundle) the server's certificate must chain to; without it, the system's CAs. */
  ca?: string
  /** A client certificate and its key, for servers that log users in by certificate. */
  cert?: string
  key?: string
  /** Opens an encrypted key. */
  passphrase?: string
}

/** What postgres.js takes as `ssl`: a mode word, or the options of Node's `tls.connect`. */
export type DriverSsl = false | 'allow' | 'prefer' | 'require' | ConnectionOptions

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    throw new ApiFailure('validation', `The ${what} file ${path} could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`)
  }
}

/** The URL's `sslrootcert`, `sslcert` and `sslkey` files, read; saved material wins over them. */
export function tlsMaterialOf(files: SslFiles, saved: TlsMaterial = {}): TlsMaterial {
  return {
    ...(files.sslrootcert ? { ca: readPem(files.sslrootcert, 'sslrootcert') } : {}),
    ...(files.sslcert ? { cert: readPem(files.sslcert, 'sslcert') } : {}),
    ...(files.sslkey ? { key: readPem(files.sslkey, 'sslkey') } : {}),
    ...Object.fromEntries(Object.entries(saved).filter(([, value]) => value)),
  }
}

/** A PEM key encrypted by a passphrase: PKCS#8's, or a traditional key's `Proc-Type: 4,ENCRYPTED`. */
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/

/** Whether `passphrase` opens the encrypted PEM `key`. */
function opens(key: string, passphrase: string | undefined): boolean {
  try {
    createPrivateKey({ key, passphrase: passphrase ?? '' })
    return true
  } catch {
    return false
  }
}

/**
 * Throws a sentence when the certificates cannot be used: a key its passphrase does not open, a
 * key that is not the certificate's, text that is not PEM. Checked before connecting, because the
 * driver meets these inside a socket callback where a throw would be lost.
 */
export function checkTlsMaterial(material: TlsMaterial): void {
  try {
    createSecureContext({ ...material })
  } catch (error) {
    // A wrong passphrase mostly fails the decryption ("bad decrypt"), but about one in 256 decrypts
    // the key to bytes that then fail to decode as one: for an encrypted key, either is its passphrase.
    if (material.key && ENCRYPTED_KEY.test(material.key) && !opens(material.key, material.passphrase)) throw new ApiFailure(keyNotOpened.code, keyNotOpened.message)
    const { code = '', message = '' } = error as { code?: string; message?: string }
    const described = describeTlsFailure({ code, message }, 'the server')
    throw new ApiFailure('validation', described?.message ?? `The TLS certificates or key of this connection cannot be used (${message}).`)
  }
}

/**
 * libpq's sslmode as postgres.js's `ssl` for the server `host`: `require` encrypts without
 * verifying (unless a CA is given: then, as libpq, it checks the chain like `verify-ca`),
 * `verify-ca` checks the chain only, `verify-full` the chain and the host name. `host` is named
 * explicitly because Node otherwise checks an IP address, or a tunnelled socket, against
 * "localhost".
 */
export function driverSslOf(mode: SslMode, host: string, material: TlsMaterial): DriverSsl {
  const client: ConnectionOptions = {
    ...(material.cert ? { cert: material.cert } : {}),
    ...(material.key ? { key: material.key } : {}),
    ...(material.passphrase ? { passphrase: material.passphrase } : {}),
  }
  const hasClientCert = Boolean(material.cert)
  switch (mode) {
    case 'disable':
      return false
    case 'allow':
    case 'prefer':
      // Only an explicit mode carries a client certificate; these fall back to plain text.
      return mode
    case 'require':
      if (material.ca) return driverSslOf('verify-ca', host, material)
      return hasClientCert ? { ...client, rejectUnauthorized: false } : 'require'
    case 'verify-ca':
      return { ...client, ...(material.ca ? { ca: material.ca } : {}), rejectUnauthorized: true, checkServerIdentity: () => undefined }
    case 'verify-full':
      return {
        ...client,
        ...(material.ca ? { ca: material.ca } : {}),
        rejectUnauthorized: true,
        host,
        // SNI carries names only.
        ...(isIP(host) ? {} : { servername: host }),
      }
  }
}
