import { z } from 'zod'
import { id, requiredName, text } from './common'
import { databaseStatus } from './database'
import { postgresUrlProblems } from '../postgres-url'
import { sshSettingsInput, sshSettingsSummary, testStage, tlsSettingsInput, tlsSettingsSummary } from './connection-reach'

/** The connection Roster opens when nothing else is chosen; always present, never saved. */
export const EMBEDDED_CONNECTION_ID = 'embedded'
/** The database given on the command line (`--database` / `ROSTER_DATABASE_URL`); kept in memory only. */
export const STARTUP_CONNECTION_ID = 'startup'

const postgresUrl = text({ error: 'URL is required' })
  .trim()
  .min(1, 'URL is required')
  .max(2000, 'URL must be at most 2000 characters')
  .superRefine((raw, ctx) => {
    for (const message of postgresUrlProblems(raw)) ctx.addIssue({ code: 'custom', message })
  })

/** An optional URL: empty means none. */
const optionalPostgresUrl = text()
  .trim()
  .max(2000, 'URL must be at most 2000 characters')
  .superRefine((raw, ctx) => {
    if (raw === '') return
    for (const message of postgresUrlProblems(raw)) ctx.addIssue({ code: 'custom', message })
  })

const secret = (label: string) => text().max(1000, `${label} must be at most 1000 characters`)

/** Addresses that never leave this computer: plain http to them exposes nothing (and tests use them). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '')
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
}

/**
 * Why an Upstash REST URL must not carry the token, or null when it may: https only, plain http
 * to this computer only. Checked here for the form and again in main before any request.
 */
export function upstashUrlProblem(raw: string): string | null {
  if (!URL.canParse(raw)) return 'Enter the REST URL, like https://…upstash.io'
  const url = new URL(raw)
  if (url.protocol === 'https:') return null
  if (url.protocol !== 'http:') return 'Enter the REST URL, like https://…upstash.io'
  return isLoopbackHost(url.hostname) ? null : 'Use an https:// URL: the token would cross the network in clear over http://'
}

const upstashUrl = text({ error: 'URL is required' })
  .trim()
  .min(1, 'URL is required')
  .max(2000)
  .superRefine((raw, ctx) => {
    const problem = upstashUrlProblem(raw)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const redisUrl = text({ error: 'URL is required' })
  .trim()
  .min(1, 'URL is required')
  .max(2000)
  .refine((raw) => URL.canParse(raw) && /^rediss?:$/.test(new URL(raw).protocol), 'Enter a URL like redis://host:6379 or rediss://…')

/**
 * Where a connection caches what the grids read. Secrets (a Redis password inside the URL, an
 * Upstash token) are optional when updating: left out, the saved one is kept.
 */
export const cacheSettingInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  /** `throughSsh`: Redis is reached through the connection's SSH tunnel, at its address as the SSH server sees it. */
  z.object({ kind: z.literal('redis'), url: redisUrl, throughSsh: z.boolean().optional() }).strict(),
  z.object({ kind: z.literal('upstash'), url: upstashUrl, token: secret('Token').optional() }).strict(),
])
export type CacheSettingInput = z.infer<typeof cacheSettingInput>

/** The cache setting with its secrets in clear: main process only, for building the cache. */
export type CacheSetting =
  | { kind: 'none' }
  | { kind: 'redis'; url: string; throughSsh?: boolean }
  | { kind: 'upstash'; url: string; token: string }

/** What the renderer may see of a cache setting: no password, no token. */
export const cacheSettingSummary = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('redis'), url: z.string(), hasPassword: z.boolean(), throughSsh: z.boolean().optional() }),
  z.object({ kind: z.literal('upstash'), url: z.string(), hasToken: z.boolean() }),
])
export type CacheSettingSummary = z.infer<typeof cacheSettingSummary>

export const connectionKind = z.enum(['embedded', 'startup', 'saved'])
export type ConnectionKind = z.infer<typeof connectionKind>

/** A connection as the renderer lists it. Passwords never leave the main process. */
export const connectionSummary = z.object({
  id: z.string(),
  kind: connectionKind,
  name: z.string(),
  /** host:port/database, or where the embedded database lives. */
  label: z.string(),
  /** The PostgreSQL URL without its password; null for the embedded database. */
  url: z.string().nullable(),
  hasPassword: z.boolean(),
  cache: cacheSettingSummary,
  /** Advanced settings (connection-reach.ts): no secret, only whether each is saved. */
  tls: tlsSettingsSummary,
  ssh: sshSettingsSummary.nullable(),
  /** Opened read-only: every session refuses writes, and Roster refuses saves before they are sent. */
  readOnly: z.boolean(),
  /**
   * The database's direct URL (without its password), for what a transaction pooler in front of
   * it cannot carry: live change events. Null when there is none.
   */
  direct: z.object({ url: z.string(), hasPassword: z.boolean() }).nullable(),
})
export type ConnectionSummary = z.infer<typeof connectionSummary>

export const connectionList = z.object({
  connections: z.array(connectionSummary),
  /** The connection open now; null if none is. */
  currentId: z.string().nullable(),
  /**
   * False when this computer cannot store secrets securely (Linux with no keychain: Electron's
   * safeStorage on basic_text); saving one then needs `allowInsecureStorage`.
   */
  secureStorage: z.boolean(),
})
export type ConnectionList = z.infer<typeof connectionList>

/**
 * Create (no id) or update a saved connection. `password`: left out keeps the saved one (only while
 * the user, host and port stay the same), an empty string removes it; a password inside the URL is
 * taken out of it and stored encrypted.
 */
export const connectionSaveInput = z
  .object({
    id: id.optional(),
    name: requiredName('Name', 100),
    url: postgresUrl,
    password: secret('Password').optional(),
    cache: cacheSettingInput.default({ kind: 'none' }),
    tls: tlsSettingsInput.default({ caCert: '', clientCert: '' }),
    /** Null: connect directly. */
    ssh: sshSettingsInput.nullable().default(null),
    readOnly: z.boolean().default(false),
    /**
     * The same database without the pooler in between, for live updates ('' for none). Its
     * password (in the URL, or `directPassword`) follows the password's rules.
     */
    directUrl: optionalPostgresUrl.default(''),
    directPassword: secret('Direct URL password').optional(),
    /** The admin agreed to store secrets where storage is not secure (see connectionList.secureStorage). */
    allowInsecureStorage: z.boolean().optional(),
  })
  .strict()
export type ConnectionSaveInput = z.input<typeof connectionSaveInput>

export const connectionRef = z.object({ id: z.union([z.literal(EMBEDDED_CONNECTION_ID), z.literal(STARTUP_CONNECTION_ID), id]) }).strict()
export const savedConnectionRef = z.object({ id }).strict()

/** Test a saved connection (`id`), or unsaved fields, optionally reusing a saved connection's password. */
export const connectionTestInput = z
  .object({
    id: z.union([z.literal(STARTUP_CONNECTION_ID), id]).optional(),
    url: postgresUrl.optional(),
    password: secret('Password').optional(),
    /** The form's Advanced settings; a secret left out reuses the saved one (same address only). */
    tls: tlsSettingsInput.optional(),
    ssh: sshSettingsInput.nullable().optional(),
    readOnly: z.boolean().optional(),
  })
  .strict()
  .refine((input) => input.id !== undefined || input.url !== undefined, { message: 'URL is required', path: ['url'] })
export type ConnectionTestInput = z.input<typeof connectionTestInput>

export const connectionTestResult = databaseStatus.extend({
  /** How long connecting and inspecting took, in milliseconds. */
  elapsedMs: z.number().int(),
  /** Each step: SSH (when tunnelled), TLS (when encrypted), login, schema. */
  stages: z.array(testStage),
})
export type ConnectionTestResult = z.infer<typeof connectionTestResult>

export const currentConnection = z.object({
  connection: connectionSummary.nullable(),
})
export type CurrentConnection = z.infer<typeof currentConnection>
