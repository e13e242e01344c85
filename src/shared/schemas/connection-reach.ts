import { z } from 'zod'
import { text } from './common'

/**
 * A connection's Advanced settings: its own TLS certificates, an SSH tunnel, read-only. Secrets
 * (client key, key passphrases, SSH password and key) follow the password's rules: left out when
 * updating keeps the saved one (for the same address only), an empty string removes it, and none
 * is ever sent back to the renderer.
 */

const PEM_MAX = 64_000
const pem = (label: string) =>
  text()
    .trim()
    .max(PEM_MAX, `${label} must be at most ${PEM_MAX} characters`)
    .refine((value) => value === '' || /-----BEGIN [A-Z0-9 ]+-----/.test(value), `${label} must be PEM text (-----BEGIN …-----)`)
const secretText = (label: string, max = 1000) => text().max(max, `${label} must be at most ${max} characters`)

export const tlsSettingsInput = z
  .object({
    /** The CA certificate (or bundle) the server's certificate must chain to. Not secret. */
    caCert: pem('The CA certificate').default(''),
    clientCert: pem('The client certificate').default(''),
    clientKey: pem('The client key').optional(),
    keyPassphrase: secretText('The key passphrase').optional(),
  })
  .strict()
export type TlsSettingsInput = z.input<typeof tlsSettingsInput>

export const sshAuthKinds = ['key', 'password', 'agent'] as const
export type SshAuthKind = (typeof sshAuthKinds)[number]

/** OpenSSH's SHA256 fingerprint form. */
export const hostKeyFingerprint = z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'Must be a SHA256 host key fingerprint')

export const sshSettingsInput = z
  .object({
    host: text({ error: 'SSH host is required' }).trim().min(1, 'SSH host is required').max(255),
    port: z.number({ error: 'SSH port is a number from 1 to 65535' }).int().min(1, 'SSH port is a number from 1 to 65535').max(65535, 'SSH port is a number from 1 to 65535'),
    user: text({ error: 'SSH user is required' }).trim().min(1, 'SSH user is required').max(255),
    auth: z.enum(sshAuthKinds),
    privateKey: pem('The SSH private key').optional(),
    passphrase: secretText('The key passphrase').optional(),
    password: secretText('The SSH password').optional(),
    /** The fingerprint the admin saw and trusted (Test shows it); null until then. */
    hostKey: hostKeyFingerprint.nullable().default(null),
  })
  .strict()
export type SshSettingsInput = z.input<typeof sshSettingsInput>

/** What the renderer may see: certificates (public), the SSH address and trusted key, and which secrets are saved. */
export const tlsSettingsSummary = z.object({
  caCert: z.string(),
  clientCert: z.string(),
  hasClientKey: z.boolean(),
  hasKeyPassphrase: z.boolean(),
})
export type TlsSettingsSummary = z.infer<typeof tlsSettingsSummary>

export const sshSettingsSummary = z.object({
  host: z.string(),
  port: z.number(),
  user: z.string(),
  auth: z.enum(sshAuthKinds),
  hostKey: z.string().nullable(),
  hasPrivateKey: z.boolean(),
  hasPassphrase: z.boolean(),
  hasPassword: z.boolean(),
})
export type SshSettingsSummary = z.infer<typeof sshSettingsSummary>

/** The SSH server whose host key Test shows before anything is sent to it. */
export const sshHostKeyInput = z.object({ host: sshSettingsInput.shape.host, port: sshSettingsInput.shape.port }).strict()
export const sshHostKeyResult = z.object({ fingerprint: z.string() })

/** One step of a connection Test, and how long it took. */
export const testStage = z.object({
  stage: z.enum(['ssh', 'tls', 'login', 'schema']),
  elapsedMs: z.number().int(),
  /** What was found (the TLS version, the server's certificate subject…), for people. */
  detail: z.string(),
})
export type TestStage = z.infer<typeof testStage>
