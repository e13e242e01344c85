import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { z } from 'zod'
import {
  describePostgresFields,
  parsePostgresFields,
  type CacheSetting,
  type CacheSettingSummary,
  type ConnectionSummary,
  type connectionSaveInput,
} from '../../shared/domain/connections'
import { ApiFailure } from '../errors'
import type { SecretBox } from './secret-box'

/** A sealed secret, as the SecretBox wrote it; null when there is none. */
const sealed = z.string().nullable()

const storedCache = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('redis'), url: z.string(), password: sealed }),
  z.object({ kind: z.literal('upstash'), url: z.string(), token: sealed }),
])

const storedConnection = z.object({
  id: z.string(),
  name: z.string(),
  /** Without its password. */
  url: z.string(),
  password: sealed,
  cache: storedCache,
  createdAt: z.string(),
  updatedAt: z.string(),
})
type StoredConnection = z.infer<typeof storedConnection>
type ConnectionSave = z.output<typeof connectionSaveInput>

const storeFile = z.object({ version: z.literal(1), connections: z.array(storedConnection) })

/** A saved connection with its secrets in clear, for the main process to connect with. */
export interface ResolvedConnection {
  id: string
  name: string
  /** The URL to connect with, password included. */
  url: string
  cache: CacheSetting
}

/** A URL without its password, and that password (decoded), if it had one. */
export function splitPassword(raw: string): { url: string; password: string | null } {
  const url = new URL(raw.trim())
  const password = url.password ? decodeURIComponent(url.password) : null
  url.password = ''
  return { url: url.toString(), password }
}

export function withPassword(raw: string, password: string | null): string {
  if (!password) return raw
  const url = new URL(raw)
  url.password = encodeURIComponent(password)
  return url.toString()
}

export function summarize(connection: Pick<StoredConnection, 'id' | 'name' | 'url' | 'password' | 'cache'>): ConnectionSummary {
  const fields = parsePostgresFields(connection.url)
  const cache: CacheSettingSummary =
    connection.cache.kind === 'redis'
      ? { kind: 'redis', url: connection.cache.url, hasPassword: connection.cache.password !== null }
      : connection.cache.kind === 'upstash'
        ? { kind: 'upstash', url: connection.cache.url, hasToken: connection.cache.token !== null }
        : { kind: 'none' }
  return {
    id: connection.id,
    kind: 'saved',
    name: connection.name,
    label: fields ? describePostgresFields(fields) : connection.url,
    url: connection.url,
    hasPassword: connection.password !== null,
    cache,
  }
}

/**
 * Saved connections, kept as JSON in the data folder (readable by this user only). Secrets are
 * sealed by the SecretBox before they reach the file and are opened only to connect.
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
    return parsed.data.connections
  }

  #write(connections: StoredConnection[]): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 })
    // Write then rename: a crash mid-write never leaves half a file.
    const temporary = `${this.file}.${process.pid}.tmp`
    writeFileSync(temporary, `${JSON.stringify({ version: 1, connections }, null, 2)}\n`, { mode: 0o600 })
    renameSync(temporary, this.file)
  }

  #find(id: string): StoredConnection {
    const found = this.#read().find((c) => c.id === id)
    if (!found) throw new ApiFailure('not_found', 'That saved connection no longer exists.')
    return found
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
    const password = input.password ?? passwordInUrl
    const now = new Date().toISOString()
    const next: StoredConnection = {
      id: previous?.id ?? randomUUID(),
      name: input.name,
      url,
      password: password === null ? (previous?.password ?? null) : password === '' ? null : this.box.encrypt(password),
      cache: this.#sealCache(input.cache, previous?.cache),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
    }
    this.#write(previous ? connections.map((c) => (c.id === next.id ? next : c)) : [...connections, next])
    return summarize(next)
  }

  #sealCache(cache: ConnectionSave['cache'], previous: StoredConnection['cache'] | undefined): StoredConnection['cache'] {
    if (cache.kind === 'redis') {
      const { url, password } = splitPassword(cache.url)
      const kept = previous?.kind === 'redis' && previous.url === url ? previous.password : null
      return { kind: 'redis', url, password: password ? this.box.encrypt(password) : kept }
    }
    if (cache.kind === 'upstash') {
      const kept = previous?.kind === 'upstash' ? previous.token : null
      const token = cache.token ? this.box.encrypt(cache.token) : kept
      if (!token) throw new ApiFailure('validation', 'The Upstash token is required', [{ field: 'cache.token', message: 'The Upstash token is required' }])
      return { kind: 'upstash', url: cache.url, token }
    }
    return { kind: 'none' }
  }

  remove(id: string): void {
    const connections = this.#read()
    if (!connections.some((c) => c.id === id)) throw new ApiFailure('not_found', 'That saved connection no longer exists.')
    this.#write(connections.filter((c) => c.id !== id))
  }

  /** The connection with its secrets opened: for connecting, never for the renderer. */
  resolve(id: string): ResolvedConnection {
    const stored = this.#find(id)
    const open = (value: string | null) => (value === null ? null : this.box.decrypt(value))
    const cache: CacheSetting =
      stored.cache.kind === 'redis'
        ? { kind: 'redis', url: withPassword(stored.cache.url, open(stored.cache.password)) }
        : stored.cache.kind === 'upstash'
          ? { kind: 'upstash', url: stored.cache.url, token: open(stored.cache.token) ?? '' }
          : { kind: 'none' }
    return { id: stored.id, name: stored.name, url: withPassword(stored.url, open(stored.password)), cache }
  }
}
