import type { ConnectionSaveInput, ConnectionSummary } from '../../../../shared/schemas/connections'
import type { SshAuthKind } from '../../../../shared/schemas/connection-reach'
import { sameSecretAddress } from '../../../../shared/postgres-url'

/**
 * The dialog's Advanced group as typed: certificates, SSH tunnel, read-only. Secrets start blank;
 * `hasSaved…` says one is saved (left blank, it is kept for the same address).
 */
export interface AdvancedForm {
  caCert: string
  clientCert: string
  clientKey: string
  keyPassphrase: string
  hasSavedClientKey: boolean
  hasSavedKeyPassphrase: boolean
  ssh: boolean
  sshHost: string
  sshPort: string
  sshUser: string
  sshAuth: SshAuthKind
  sshPrivateKey: string
  sshPassphrase: string
  sshPassword: string
  hasSavedSshKey: boolean
  hasSavedSshPassphrase: boolean
  hasSavedSshPassword: boolean
  /** user@host:port the saved SSH secrets were entered for. */
  savedSshAddress: string
  /** The fingerprint the admin trusted; '' until they have. */
  sshHostKey: string
  readOnly: boolean
  /** The database without its transaction pooler, for live updates; '' for none. */
  directUrl: string
  directPassword: string
  hasSavedDirectPassword: boolean
  /** The direct URL its saved password was entered for. */
  savedDirectUrl: string
}

export type AdvancedField = 'directUrl' | 'directPassword' | 'caCert' | 'clientCert' | 'clientKey' | 'keyPassphrase' | 'sshHost' | 'sshPort' | 'sshUser' | 'sshPrivateKey' | 'sshPassphrase' | 'sshPassword' | 'sshHostKey'

/** Where main's field errors on the Advanced inputs are shown. */
export const advancedIssueField: Record<string, AdvancedField> = {
  'tls.caCert': 'caCert',
  'tls.clientCert': 'clientCert',
  'tls.clientKey': 'clientKey',
  'tls.keyPassphrase': 'keyPassphrase',
  'ssh.host': 'sshHost',
  'ssh.port': 'sshPort',
  'ssh.user': 'sshUser',
  'ssh.privateKey': 'sshPrivateKey',
  'ssh.passphrase': 'sshPassphrase',
  'ssh.password': 'sshPassword',
  'ssh.hostKey': 'sshHostKey',
  directUrl: 'directUrl',
  directPassword: 'directPassword',
}

export const emptyAdvanced: AdvancedForm = {
  caCert: '',
  clientCert: '',
  clientKey: '',
  keyPassphrase: '',
  hasSavedClientKey: false,
  hasSavedKeyPassphrase: false,
  ssh: false,
  sshHost: '',
  sshPort: '22',
  sshUser: '',
  sshAuth: 'key',
  sshPrivateKey: '',
  sshPassphrase: '',
  sshPassword: '',
  hasSavedSshKey: false,
  hasSavedSshPassphrase: false,
  hasSavedSshPassword: false,
  savedSshAddress: '',
  sshHostKey: '',
  readOnly: false,
  directUrl: '',
  directPassword: '',
  hasSavedDirectPassword: false,
  savedDirectUrl: '',
}

const sshAddressOf = (a: Pick<AdvancedForm, 'sshUser' | 'sshHost' | 'sshPort'>) => `${a.sshUser.trim()}@${a.sshHost.trim().toLowerCase()}:${a.sshPort.trim()}`

export function advancedFromSummary(summary: ConnectionSummary): AdvancedForm {
  const { tls, ssh } = summary
  return {
    ...emptyAdvanced,
    caCert: tls.caCert,
    clientCert: tls.clientCert,
    hasSavedClientKey: tls.hasClientKey,
    hasSavedKeyPassphrase: tls.hasKeyPassphrase,
    ...(ssh
      ? {
          ssh: true,
          sshHost: ssh.host,
          sshPort: String(ssh.port),
          sshUser: ssh.user,
          sshAuth: ssh.auth,
          hasSavedSshKey: ssh.hasPrivateKey,
          hasSavedSshPassphrase: ssh.hasPassphrase,
          hasSavedSshPassword: ssh.hasPassword,
          savedSshAddress: `${ssh.user}@${ssh.host.toLowerCase()}:${ssh.port}`,
          sshHostKey: ssh.hostKey ?? '',
        }
      : {}),
    readOnly: summary.readOnly,
    ...(summary.direct ? { directUrl: summary.direct.url, savedDirectUrl: summary.direct.url, hasSavedDirectPassword: summary.direct.hasPassword } : {}),
  }
}

/** A blank direct password keeps the saved one only for the address it was entered for (as main decides). */
export function keepsSavedDirectPassword(a: AdvancedForm): boolean {
  const url = a.directUrl.trim()
  return a.hasSavedDirectPassword && url !== '' && sameSecretAddress('postgres', a.savedDirectUrl, url)
}

/** The direct URL part of what Save sends: left out, a saved password is kept; no URL, no direct connection. */
export function directInputOf(a: AdvancedForm): Pick<ConnectionSaveInput, 'directUrl' | 'directPassword'> {
  const url = a.directUrl.trim()
  return url ? { directUrl: url, ...typed('directPassword', a.directPassword) } : {}
}

/** A saved SSH secret is used only for the SSH address it was entered for (as main decides). */
export const keepsSavedSshSecrets = (a: AdvancedForm) => a.savedSshAddress !== '' && a.savedSshAddress === sshAddressOf(a)

/** The SSH server's address changed: the trusted host key was another server's. */
export function withSshAddress(a: AdvancedForm, changes: Partial<Pick<AdvancedForm, 'sshHost' | 'sshPort'>>): AdvancedForm {
  const next = { ...a, ...changes }
  const moved = next.sshHost.trim().toLowerCase() !== a.sshHost.trim().toLowerCase() || next.sshPort.trim() !== a.sshPort.trim()
  return moved ? { ...next, sshHostKey: '' } : next
}

export function advancedErrors(a: AdvancedForm): Partial<Record<AdvancedField, string>> {
  if (!a.ssh) return {}
  const errors: Partial<Record<AdvancedField, string>> = {}
  if (!a.sshHost.trim()) errors.sshHost = 'SSH host is required'
  const port = Number(a.sshPort)
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.sshPort = 'SSH port is a number from 1 to 65535'
  if (!a.sshUser.trim()) errors.sshUser = 'SSH user is required'
  const keeps = keepsSavedSshSecrets(a)
  if (a.sshAuth === 'key' && !a.sshPrivateKey.trim() && !(keeps && a.hasSavedSshKey)) errors.sshPrivateKey = 'Paste the private key, or load it from a file'
  if (a.sshAuth === 'password' && !a.sshPassword && !(keeps && a.hasSavedSshPassword)) errors.sshPassword = 'The SSH password is required'
  return errors
}

/** A typed secret, or nothing: left out keeps the saved one. */
const typed = <K extends string>(key: K, value: string): Partial<Record<K, string>> => (value ? ({ [key]: value } as Record<K, string>) : {})

/** The Advanced part of what Save and Test send. */
export function advancedInputOf(a: AdvancedForm): Required<Pick<ConnectionSaveInput, 'tls' | 'ssh' | 'readOnly'>> {
  return {
    tls: { caCert: a.caCert, clientCert: a.clientCert, ...typed('clientKey', a.clientKey), ...typed('keyPassphrase', a.keyPassphrase) },
    ssh: a.ssh
      ? {
          host: a.sshHost.trim(),
          port: Number(a.sshPort),
          user: a.sshUser.trim(),
          auth: a.sshAuth,
          ...(a.sshAuth === 'key' ? { ...typed('privateKey', a.sshPrivateKey), ...typed('passphrase', a.sshPassphrase) } : {}),
          ...(a.sshAuth === 'password' ? typed('password', a.sshPassword) : {}),
          hostKey: a.sshHostKey || null,
        }
      : null,
    readOnly: a.readOnly,
  }
}
