import type { ApiError } from '../../shared/result'

/** Node's codes for a server certificate that does not chain to a trusted CA. */
const unknownCa = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_SIGNATURE_FAILURE',
])

/** An encrypted client key its passphrase (none, or the one given) does not open. */
export const keyNotOpened: ApiError = { code: 'validation', message: 'The client key could not be opened: its passphrase is missing or wrong.' }

/**
 * The sentence for a TLS failure (Node's error code, or PostgreSQL's refusal of a login without
 * a client certificate), or null when it is not one. `where` is host:port.
 */
export function describeTlsFailure(info: { code: string; message: string }, where: string): ApiError | null {
  const connection = (message: string): ApiError => ({ code: 'connection', message })
  if (unknownCa.has(info.code)) {
    return connection(
      `The certificate of ${where} is signed by a certificate authority Roster does not trust. Give the connection its CA certificate (Advanced → TLS), or use SSL mode "require" to encrypt without verifying.`,
    )
  }
  if (info.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return connection(
      `The certificate of ${where} is not for that host name (${info.message.replace(/^Hostname\/IP does not match certificate's altnames: /, '')}). Connect by a name the certificate lists, or use SSL mode "verify-ca".`,
    )
  }
  if (info.code === 'CERT_HAS_EXPIRED') return connection(`The certificate of ${where} has expired. Its administrator must renew it.`)
  if (info.code === 'CERT_NOT_YET_VALID') return connection(`The certificate of ${where} is not valid yet. Check this computer’s clock.`)
  if (info.code === 'ERR_OSSL_BAD_DECRYPT' || /bad decrypt/i.test(info.message)) return keyNotOpened
  if (info.code === 'ERR_OSSL_X509_KEY_VALUES_MISMATCH') return { code: 'validation', message: 'The client key does not belong to the client certificate.' }
  if (info.code === '28000' && /client certificate/i.test(info.message)) {
    return connection(`${where} requires a client certificate for this user. Add the certificate and its key (Advanced → TLS), and use SSL mode "require" or stricter.`)
  }
  if (info.code === '28000' && /certificate authentication failed/i.test(info.message)) {
    return connection(`${where} refused the client certificate: it is not for this user (its common name must be the user name).`)
  }
  return null
}

/** The server answered the request for TLS with "no": the same sentence as the driver's failure gets (pg-sentences). */
export const tlsUnsupported = (where: string): ApiError => ({
  code: 'connection',
  message: `${where} does not support SSL. Set SSL mode to "prefer" or "disable", or enable SSL on the server.`,
})
