import { Redis } from 'ioredis'
import { forwardingConnector, type Forward } from './forwarding-connector'
import { EPOCH_KEY } from './keys'
import { PageScript } from './page-script'
import { CacheStoreError, DEFAULT_TIMEOUTS, type CacheStore, type PageFound, type PageLookup, type StoreTimeouts } from './store'

/** host:port/db of a redis:// or rediss:// URL, for people: never the password. */
export function describeRedisUrl(raw: string): string {
  const url = new URL(raw)
  const db = url.pathname.length > 1 ? url.pathname : ''
  return `${url.hostname || 'localhost'}:${url.port || '6379'}${db}`
}

/** Reconnect delay: doubling from 100 ms, capped at 5 s, so a dead Redis costs a few attempts a minute. */
const reconnectDelay = (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 10), 5_000)

/**
 * A redis:// or rediss:// server through ioredis. Commands fail at once while disconnected (no
 * offline queue) and time out after `commandMs`, so a down Redis never holds up a read. With
 * `forward`, its connections are streams through the database's SSH tunnel.
 */
export class RedisStore implements CacheStore {
  readonly backend = 'redis' as const
  readonly label: string
  readonly #client: Redis
  readonly #timeouts: StoreTimeouts
  readonly #connected: Promise<void>
  readonly #script: PageScript
  #connectionError: unknown = null

  constructor(url: string, timeouts: StoreTimeouts = DEFAULT_TIMEOUTS, forward?: Forward) {
    this.label = `${describeRedisUrl(url)}${forward ? ' through SSH' : ''}`
    this.#timeouts = timeouts
    this.#client = new Redis(url, {
      lazyConnect: true,
      connectTimeout: timeouts.connectMs,
      commandTimeout: timeouts.commandMs,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: reconnectDelay,
      connectionName: 'roster-cache',
      ...(forward ? { Connector: forwardingConnector(forward) } : {}),
    })
    const client = this.#client
    this.#script = new PageScript(
      {
        evalsha: (sha, keys, args) => client.evalsha(sha, keys.length, ...keys, ...args),
        scriptLoad: (script) => client.script('LOAD', script),
        setEpoch: (value, onlyIfMissing) => (onlyIfMissing ? client.set(EPOCH_KEY, value, 'NX') : client.set(EPOCH_KEY, value)),
      },
      `database ${client.options.db ?? 0}`,
    )
    // Without a listener ioredis prints every failed reconnect; the cache reports state instead.
    this.#client.on('error', (error: unknown) => {
      this.#connectionError = error
    })
    this.#client.on('ready', () => {
      this.#connectionError = null
    })
    // The first command waits for the first connection (or its first failure, or the time it may
    // take at most); after that, commands fail fast.
    const connecting = this.#client.connect().catch((error: unknown) => {
      this.#connectionError ??= error
    })
    const failed = new Promise<void>((resolve) => this.#client.once('error', () => resolve()))
    let timer: NodeJS.Timeout | undefined
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeouts.connectMs + timeouts.commandMs)
    })
    this.#connected = Promise.race([connecting, failed, deadline]).finally(() => clearTimeout(timer))
  }

  lookup(request: PageLookup): Promise<PageFound> {
    return this.#run(() => this.#script.lookup(request))
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.#run(() => this.#client.set(key, value, 'EX', ttlSeconds))
  }

  async bump(keys: string[]): Promise<void> {
    await this.#run(async () => {
      const results = await keys.reduce((multi, key) => multi.incr(key), this.#client.multi()).exec()
      const failed = results?.find(([error]) => error)
      if (!results || failed) throw failed?.[0] ?? new Error('the transaction was aborted')
    })
  }

  async ping(): Promise<void> {
    await this.#run(() => this.#client.ping())
  }

  async close(): Promise<void> {
    await this.#connected
    this.#client.disconnect()
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    await this.#connected
    if (this.#client.status !== 'ready') {
      throw new CacheStoreError(this.#describe(this.#connectionError), { cause: this.#connectionError })
    }
    try {
      return await command()
    } catch (error) {
      throw new CacheStoreError(this.#describe(error), { cause: error })
    }
  }

  #describe(error: unknown): string {
    const where = `Redis at ${this.label}`
    const { code, message } = (error ?? {}) as { code?: string; message?: string }
    if (code === 'ECONNREFUSED') return `${where} refused the connection`
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${where} cannot be found (unknown host)`
    if (code === 'ETIMEDOUT' || message === 'connect ETIMEDOUT') return `${where} did not accept a connection within ${this.#timeouts.connectMs} ms`
    if (message?.includes('Command timed out')) return `${where} did not answer within ${this.#timeouts.commandMs} ms`
    if (message && /WRONGPASS|invalid password|invalid username-password/i.test(message)) return `${where} refused the user name or password`
    if (message?.startsWith('NOAUTH')) return `${where} requires a password`
    if (!error) return `${where} is not connected`
    // A command sent just before the connection went is failed, not retried (maxRetriesPerRequest 0).
    if ((error as { name?: string }).name === 'MaxRetriesPerRequestError' || message === 'Connection is closed.') return `${where} lost the connection`
    return `${where} failed: ${message ?? String(error)}`
  }
}
