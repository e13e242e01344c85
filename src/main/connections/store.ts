import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import {
  type CacheSetting,
  type CacheSettingSummary,
  type ConnectionSummary,
  type connectionSaveInput,
} from '../../shared/schemas/connections'
import { describePostgresUrl, sameSecretAddress, splitPassword, withPassword } from '../../shared/postgres-url'
import { ApiFailure } from '../api-failure'
import type { ReachSettings } from '../db/reach'
import { openDirect, splitDirect, storedDirect, storeDirect, summarizeDirect } from './direct-store'
import { openedSettings, openReachSettings, reachSecretNames, storedSsh, storedTls, storeReach, summarizeReach, typedReachSecrets } from './reach-store'
import { MisplacedSecretError, type SecretBinding, type SecretBox, type SecretField } from './secret-box'

/** A sealed secret, as the SecretBox wrote it; null when there is none. */
const sealed = z.string().nullable()

const storedCache = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('redis'), url: z.string(), password: sealed, throughSsh: z.boolean().default(false) }),
  z.object({ kind: z.literal('upstash'), url: z.string(), token: sealed }),
])

const storedConnection = z.object({
  id: z.string(),
  name: z.string(),
  /** Without its password. */
  url: z.string(),
  password: sealed,
  cache: storedCache,
  tls: storedTls,
  ssh: storedSsh,
  readOnly: z.boolean().default(false),
  direct: storedDirect,
  createdAt: z.string(),
  updatedAt: z.string(),
})
type StoredConnection = z.infer<typeof storedConnection>
type ConnectionSave = z.output<typeof connectionSaveInput>

/**
 * Version 1 files hold secrets sealed before they were bound to their record; reading one re-seals
 * them bound and writes version 2, which accepts bound secrets only.
 */
const FILE_VERSION = 2
const storeFile = z.object({ version: z.union([z.literal(1), z.literal(FILE_VERSION)]), connections: z.array(storedConnection) })

/** A saved connection with its secrets in clear, for the main process to connect with. */
export interface ResolvedConnection {
  id: string
  name: string
  /** The URL to connect with, password included. */
  url: string
  cache: CacheSetting
  /** Certificates, SSH tunnel, read-only: what openDatabase takes beside the URL. */
  reach: ReachSettings
  /** The same database without its transaction pooler, password included, for live updates. */
  directUrl?: string
}

export function summarize(connection: Pick<StoredConnection, 'id' | 'name' | 'url' | 'password' | 'cache' | 'tls' | 'ssh' | 'readOnly' | 'direct'>): ConnectionSummary {
  const cache: CacheSettingSummary =
    connection.cache.kind === 'redis'
      ? // Stripped again: whatever the file holds, no password goes to the renderer.
        { kind: 'redis', url: splitPassword(connection.cache.url).url, hasPassword: connection.cache.password !== null, ...throughSshOf(connection.cache) }
      : connection.cache.kind === 'upstash'
        ? { kind: 'upstash', url: connection.cache.url, hasToken: connection.cache.token !== null }
        : { kind: 'none' }
  return {
    id: connection.id,
    kind: 'saved',
    name: connection.name,
    label: describePostgresUrl(connection.url),
    url: splitPassword(connection.url).url,
    hasPassword: connection.password !== null,
    cache,
    ...summarizeReach(connection.tls, connection.ssh),
    readOnly: connection.readOnly,
    direct: summarizeDirect(connection.direct),
  }
}

/** Said only when on, so a setting without it reads as before. */
const throughSshOf = (cache: { throughSsh: boolean }) => (cache.throughSsh ? { throughSsh: true } : {})

const secretNames: Record<SecretField, string> = { password: 'password', 'cache.password': 'Redis password', 'cache.token': 'Upstash token', 'direct.password': 'direct URL password', ...reachSecretNames }

/**
 * Saved connections, kept as JSON in the data folder (readable by this user only). Secrets are
 * sealed by the SecretBox, each bound to its connection and field, before they reach the file, and
 * are opened only to connect. A secret is kept only while the address it was entered for stays.
 */
export class ConnectionStore {
  constructor(
    readonly file: string,
    private readonly box: SecretBox,
  ) {}

  #read(): StoredConnection[] {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = null
    }
    const parsed = storeFile.safeParse(json)
    if (!parsed.success) {
      throw new ApiFailure('internal', `The saved connections file ${this.file} is damaged; fix or remove it.`)
    }
    if (parsed.data.version === FILE_VERSION) return parsed.data.connections
    const bound = parsed.data.connections.map((connection) => this.#bindLegacy(connection))
    this.#write(bound)
    return bound
  }

  /**
   * A record from a version 1 file with its secrets re-sealed bound to it. Values this box cannot
   * open (sealed by the desktop app, read in browser mode; another key) stay as they are and ask
   * to be entered again when used.
   */
  #bindLegacy(connection: StoredConnection): StoredConnection {
    const rebind = (sealed: string | null, field: SecretField): string | null => {
      if (sealed === null) return null
      const binding = { connectionId: connection.id, field }
      try {
        const { secret, legacy } = this.box.open(sealed, binding)
        return legacy ? this.box.seal(secret, binding) : sealed
      } catch {
        return sealed
      }
    }
    const { cache } = connection
    return {
      ...connection,
      password: rebind(connection.password, 'password'),
      cache:
        cache.kind === 'redis'
          ? { ...cache, password: rebind(cache.password, 'cache.password') }
          : cache.kind === 'upstash'
            ? { ...cache, token: rebind(cache.token, 'cache.token') }
            : cache,
    }
  }

  #write(connections: StoredConnection[]): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 })
    // Write then rename: a crash mid-write never leaves half a file.
    const temporary = `${this.file}.${process.pid}.tmp`
    writeFileSync(temporary, `${JSON.stringify({ version: FILE_VERSION, connections }, null, 2)}\n`, { mode: 0o600 })
    renameSync(temporary, this.file)
  }

  #find(id: string): StoredConnection {
    const found = this.#read().find((c) => c.id === id)
    if (!found) throw new ApiFailure('not_found', 'That saved connection no longer exists.')
    return found
  }

  /** False when saving a secret here needs the admin's consent (see SecretBox.isSecure). */
  get secureStorage(): boolean {
    return this.box.isSecure()
  }

  list(): ConnectionSummary[] {
    return this.#read()
      .map(summarize)
      .sort((a, b) => a.name.localeCompare(b.name))
  }

  get(id: string): ConnectionSummary {
    return summarize(this.#find(id))
  }

  /** Creates or updates; returns what the renderer may see. */
  save(input: ConnectionSave): ConnectionSummary {
    const connections = this.#read()
    const previous = input.id ? connections.find((c) => c.id === input.id) : undefined
    if (input.id && !previous) throw new ApiFailure('not_found', 'That saved connection no longer exists.')
    const duplicate = connections.find((c) => c.id !== input.id && c.name.toLowerCase() === input.name.toLowerCase())
    if (duplicate) {
      throw new ApiFailure('validation', `A connection named ${duplicate.name} already exists`, [
        { field: 'name', message: `A connection named ${duplicate.name} already exists` },
      ])
    }

    const { url, password: passwordInUrl } = splitPassword(input.url)
    const typed = input.password ?? passwordInUrl
    const id = previous?.id ?? randomUUID()
    const seal = (secret: string, field: SecretField) => this.box.seal(secret, { connectionId: id, field })
    const cache = this.#cacheSecrets(input.cache, previous?.cache)
    if (input.cache.kind === 'redis' && input.cache.throughSsh && !input.ssh) {
      const message = 'Redis can go through the SSH tunnel only when the connection has one: turn the SSH tunnel on, or reach Redis directly.'
      throw new ApiFailure('validation', message, [{ field: 'cache.throughSsh', message }])
    }
    const direct = splitDirect(input)
    this.#requireConsent(input, [typed, cache.secret, direct?.typed, ...typedReachSecrets(input)])
    // Left out, the saved password is kept for the same user, host and port only (see sameSecretAddress).
    const kept = previous && sameSecretAddress('postgres', previous.url, url) ? previous.password : null
    const now = new Date().toISOString()
    const next: StoredConnection = {
      id,
      name: input.name,
      url,
      password: typed === null ? kept : typed === '' ? null : seal(typed, 'password'),
      cache:
        cache.setting.kind === 'redis'
          ? { ...cache.setting, password: cache.secret ? seal(cache.secret, 'cache.password') : cache.setting.password }
          : cache.setting.kind === 'upstash'
            ? { ...cache.setting, token: cache.secret ? seal(cache.secret, 'cache.token') : cache.setting.token }
            : cache.setting,
      ...storeReach(input, previous, seal),
      readOnly: input.readOnly,
      direct: storeDirect(direct, previous?.direct, seal),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    }
    this.#write(previous ? connections.map((c) => (c.id === next.id ? next : c)) : [...connections, next])
    return summarize(next)
  }

  /** Where secrets cannot be stored securely, a new one is stored only with the admin's consent. */
  #requireConsent(input: ConnectionSave, secrets: (string | null | undefined)[]): void {
    if (this.box.isSecure() || input.allowInsecureStorage || !secrets.some((secret) => secret)) return
    const message =
      'Passwords cannot be stored securely on this computer: no keychain or secret service is running, so a saved password would be readable by anyone who can read your files. Agree to store it anyway, or leave it blank.'
    throw new ApiFailure('validation', message, [{ field: 'allowInsecureStorage', message }])
  }

  /**
   * The cache setting to store, with the secrets it keeps (still sealed) and the new one to seal.
   * A kept secret stays only for the address it was entered for.
   */
  #cacheSecrets(
    cache: ConnectionSave['cache'],
    previous: StoredConnection['cache'] | undefined,
  ): { setting: StoredConnection['cache']; secret: string | null } {
    if (cache.kind === 'redis') {
      const { url, password } = splitPassword(cache.url)
      const kept = previous?.kind === 'redis' && sameSecretAddress('redis', previous.url, url) ? previous.password : null
      return { setting: { kind: 'redis', url, password: kept, throughSsh: cache.throughSsh ?? false }, secret: password }
    }
    if (cache.kind === 'upstash') {
      const setting = { kind: 'upstash' as const, url: cache.url, token: null }
      if (cache.token) return { setting, secret: cache.token }
      if (previous?.kind === 'upstash' && previous.token !== null) {
        if (sameSecretAddress('upstash', previous.url, cache.url)) return { setting: { ...setting, token: previous.token }, secret: null }
        const message = `The saved token is for ${previous.url} and is not sent anywhere else: enter the token for this URL.`
        throw new ApiFailure('validation', message, [{ field: 'cache.token', message }])
      }
      throw new ApiFailure('validation', 'The Upstash token is required', [{ field: 'cache.token', message: 'The Upstash token is required' }])
    }
    return { setting: { kind: 'none' }, secret: null }
  }

  remove(id: string): void {
    const connections = this.#read()
    if (!connections.some((c) => c.id === id)) throw new ApiFailure('not_found', 'That saved connection no longer exists.')
    this.#write(connections.filter((c) => c.id !== id))
  }

  /** The connection with its secrets opened: for connecting, never for the renderer. */
  resolve(id: string): ResolvedConnection {
    const stored = this.#find(id)
    const open = (sealed: string | null, field: SecretField) => (sealed === null ? null : this.#open(stored, sealed, { connectionId: stored.id, field }))
    const cache: CacheSetting =
      stored.cache.kind === 'redis'
        ? { kind: 'redis', url: withPassword(stored.cache.url, open(stored.cache.password, 'cache.password')), ...throughSshOf(stored.cache) }
        : stored.cache.kind === 'upstash'
          ? { kind: 'upstash', url: stored.cache.url, token: open(stored.cache.token, 'cache.token') ?? '' }
          : { kind: 'none' }
    return {
      id: stored.id,
      name: stored.name,
      url: withPassword(stored.url, open(stored.password, 'password')),
      cache,
      reach: openReachSettings(stored.tls, stored.ssh, stored.readOnly, open),
      ...(stored.direct ? { directUrl: openDirect(stored.direct, open) } : {}),
    }
  }

  /** The saved Advanced settings with their secrets opened, for a Test that reuses them. */
  resolveAdvanced(id: string): ReturnType<typeof openedSettings> & { url: string } {
    const stored = this.#find(id)
    const open = (sealed: string | null, field: SecretField) => (sealed === null ? null : this.#open(stored, sealed, { connectionId: stored.id, field }))
    return { url: stored.url, ...openedSettings(stored.tls, stored.ssh, open) }
  }

  /** Opens a secret only where it was sealed; an unbound one here was planted after the file was bound. */
  #open(stored: StoredConnection, sealed: string, binding: SecretBinding): string {
    try {
      const { secret, legacy } = this.box.open(sealed, binding)
      if (!legacy) return secret
    } catch (error) {
      if (!(error instanceof MisplacedSecretError)) throw error
    }
    throw new ApiFailure(
      'validation',
      `The saved ${secretNames[binding.field]} of ${stored.name} was not saved for this connection (it was copied from elsewhere), so Roster will not use it. Enter it again.`,
    )
  }
}
