import { z } from 'zod'
import type { SshSettingsInput, SshSettingsSummary, TlsSettingsInput, TlsSettingsSummary } from '../../shared/schemas/connection-reach'
import { sameSecretAddress } from '../../shared/postgres-url'
import type { ReachSettings } from '../db/reach'
import type { SecretField } from './secret-box'

/** A sealed secret, as the SecretBox wrote it; null when there is none. */
const sealed = z.string().nullable()

/** A connection's Advanced settings as connections.json keeps them; files older than them read as none. */
export const storedTls = z
  .object({ caCert: z.string(), clientCert: z.string(), clientKey: sealed, keyPassphrase: sealed })
  .default({ caCert: '', clientCert: '', clientKey: null, keyPassphrase: null })
export const storedSsh = z
  .object({
    host: z.string(),
    port: z.number(),
    user: z.string(),
    auth: z.enum(['key', 'password', 'agent']),
    privateKey: sealed,
    passphrase: sealed,
    password: sealed,
    hostKey: z.string().nullable(),
  })
  .nullable()
  .default(null)
export type StoredTls = z.output<typeof storedTls>
export type StoredSsh = z.output<typeof storedSsh>

/** Which stored value each sealed field is, for sentences. */
export const reachSecretNames = {
  'tls.clientKey': 'client key',
  'tls.keyPassphrase': 'client key passphrase',
  'ssh.privateKey': 'SSH private key',
  'ssh.passphrase': 'SSH key passphrase',
  'ssh.password': 'SSH password',
} as const satisfies Partial<Record<SecretField, string>>

/** user@host:port of an SSH server: its secrets are kept only while this stays. */
const sshAddressOf = (ssh: { host: string; port: number; user: string }) => `${ssh.user}@${ssh.host.toLowerCase()}:${ssh.port}`
const sameSshAddress = (a: { host: string; port: number; user: string } | null | undefined, b: { host: string; port: number; user: string }) =>
  a !== null && a !== undefined && sshAddressOf(a) === sshAddressOf(b)

/**
 * A secret as typed, or the saved one: `typed` undefined keeps `saved` while `sameAddress`, an empty
 * string removes it. Works on sealed and opened values alike.
 */
function keptOrTyped<T>(typed: string | undefined, saved: T | null, sameAddress: boolean, seal: (secret: string) => T): T | null {
  if (typed === undefined) return sameAddress ? saved : null
  return typed === '' ? null : seal(typed)
}

type Seal = (secret: string, field: SecretField) => string

/** The TLS and SSH settings to store, secrets sealed; kept secrets stay only for their address. */
export function storeReach(
  input: { url: string; tls: TlsSettingsInput; ssh: SshSettingsInput | null },
  previous: { url: string; tls: StoredTls; ssh: StoredSsh } | undefined,
  seal: Seal,
): { tls: StoredTls; ssh: StoredSsh } {
  const samePostgres = previous !== undefined && sameSecretAddress('postgres', previous.url, input.url)
  const tls: StoredTls = {
    caCert: input.tls.caCert ?? '',
    clientCert: input.tls.clientCert ?? '',
    clientKey: keptOrTyped(input.tls.clientKey, previous?.tls.clientKey ?? null, samePostgres, (s) => seal(s, 'tls.clientKey')),
    keyPassphrase: keptOrTyped(input.tls.keyPassphrase, previous?.tls.keyPassphrase ?? null, samePostgres, (s) => seal(s, 'tls.keyPassphrase')),
  }
  if (!input.ssh) return { tls, ssh: null }
  const ssh = input.ssh
  const sameSsh = sameSshAddress(previous?.ssh, ssh)
  const keep = (typed: string | undefined, saved: string | null | undefined, field: SecretField) => keptOrTyped(typed, saved ?? null, sameSsh, (s) => seal(s, field))
  return {
    tls,
    ssh: {
      host: ssh.host,
      port: ssh.port,
      user: ssh.user,
      auth: ssh.auth,
      privateKey: ssh.auth === 'key' ? keep(ssh.privateKey, previous?.ssh?.privateKey, 'ssh.privateKey') : null,
      passphrase: ssh.auth === 'key' ? keep(ssh.passphrase, previous?.ssh?.passphrase, 'ssh.passphrase') : null,
      password: ssh.auth === 'password' ? keep(ssh.password, previous?.ssh?.password, 'ssh.password') : null,
      hostKey: ssh.hostKey ?? null,
    },
  }
}

/** The new secrets an input carries: saving them where storage is not secure needs consent. */
export const typedReachSecrets = (input: { tls: TlsSettingsInput; ssh: SshSettingsInput | null }): (string | undefined)[] => [
  input.tls.clientKey,
  input.tls.keyPassphrase,
  input.ssh?.privateKey,
  input.ssh?.passphrase,
  input.ssh?.password,
]

export function summarizeReach(tls: StoredTls, ssh: StoredSsh): { tls: TlsSettingsSummary; ssh: SshSettingsSummary | null } {
  return {
    tls: { caCert: tls.caCert, clientCert: tls.clientCert, hasClientKey: tls.clientKey !== null, hasKeyPassphrase: tls.keyPassphrase !== null },
    ssh: ssh && {
      host: ssh.host,
      port: ssh.port,
      user: ssh.user,
      auth: ssh.auth,
      hostKey: ssh.hostKey,
      hasPrivateKey: ssh.privateKey !== null,
      hasPassphrase: ssh.passphrase !== null,
      hasPassword: ssh.password !== null,
    },
  }
}

type Open = (sealed: string | null, field: SecretField) => string | null

/** The settings to connect with, secrets opened: main process only. */
export function openReachSettings(tls: StoredTls, ssh: StoredSsh, readOnly: boolean, open: Open): ReachSettings {
  const opened = openedSettings(tls, ssh, open)
  return reachSettingsOf(opened.tls, opened.ssh, readOnly)
}

type OpenTls = { caCert: string; clientCert: string; clientKey: string | null; keyPassphrase: string | null }
type OpenSsh = Omit<StoredSsh & object, 'privateKey' | 'passphrase' | 'password'> & { privateKey: string | null; passphrase: string | null; password: string | null }

function reachSettingsOf(tls: OpenTls, ssh: OpenSsh | null, readOnly: boolean): ReachSettings {
  const material = Object.fromEntries(
    Object.entries({ ca: tls.caCert, cert: tls.clientCert, key: tls.clientKey, passphrase: tls.keyPassphrase }).filter(([, value]) => value),
  ) as ReachSettings['tls']
  const auth = (): NonNullable<ReachSettings['ssh']>['auth'] => {
    if (ssh!.auth === 'agent') return { kind: 'agent' }
    if (ssh!.auth === 'password') return { kind: 'password', password: ssh!.password ?? '' }
    return { kind: 'key', privateKey: ssh!.privateKey ?? '', ...(ssh!.passphrase ? { passphrase: ssh!.passphrase } : {}) }
  }
  return {
    tls: material,
    ...(ssh ? { ssh: { host: ssh.host, port: ssh.port, user: ssh.user, hostKey: ssh.hostKey, auth: auth() } } : {}),
    ...(readOnly ? { readOnly } : {}),
  }
}

/**
 * The settings typed into the form, for Test: a secret left out is the saved connection's
 * (`saved`, opened), for the same address only, as when saving.
 */
export function typedReachSettings(
  input: { url: string; tls?: TlsSettingsInput; ssh?: SshSettingsInput | null; readOnly?: boolean },
  saved: { url: string; tls: OpenTls; ssh: OpenSsh | null } | null,
): ReachSettings {
  const samePostgres = saved !== null && sameSecretAddress('postgres', saved.url, input.url)
  const typedTls = input.tls ?? { caCert: '', clientCert: '' }
  const tls: OpenTls = {
    caCert: typedTls.caCert ?? '',
    clientCert: typedTls.clientCert ?? '',
    clientKey: keptOrTyped(typedTls.clientKey, saved?.tls.clientKey ?? null, samePostgres, (s) => s),
    keyPassphrase: keptOrTyped(typedTls.keyPassphrase, saved?.tls.keyPassphrase ?? null, samePostgres, (s) => s),
  }
  const typedSsh = input.ssh ?? null
  const sameSsh = typedSsh !== null && sameSshAddress(saved?.ssh, typedSsh)
  const ssh: OpenSsh | null = typedSsh && {
    host: typedSsh.host,
    port: typedSsh.port,
    user: typedSsh.user,
    auth: typedSsh.auth,
    hostKey: typedSsh.hostKey ?? null,
    privateKey: keptOrTyped(typedSsh.privateKey, saved?.ssh?.privateKey ?? null, sameSsh, (s) => s),
    passphrase: keptOrTyped(typedSsh.passphrase, saved?.ssh?.passphrase ?? null, sameSsh, (s) => s),
    password: keptOrTyped(typedSsh.password, saved?.ssh?.password ?? null, sameSsh, (s) => s),
  }
  return reachSettingsOf(tls, ssh, input.readOnly ?? false)
}

/** The opened form of stored settings, for `typedReachSettings`. */
export function openedSettings(tls: StoredTls, ssh: StoredSsh, open: Open): { tls: OpenTls; ssh: OpenSsh | null } {
  return {
    tls: { caCert: tls.caCert, clientCert: tls.clientCert, clientKey: open(tls.clientKey, 'tls.clientKey'), keyPassphrase: open(tls.keyPassphrase, 'tls.keyPassphrase') },
    ssh: ssh && { ...ssh, privateKey: open(ssh.privateKey, 'ssh.privateKey'), passphrase: open(ssh.passphrase, 'ssh.passphrase'), password: open(ssh.password, 'ssh.password') },
  }
}
