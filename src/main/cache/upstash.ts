import { Redis } from '@upstash/redis'
import { upstashUrlProblem } from '../../shared/schemas/connections'
import { EPOCH_KEY } from './keys'
import { PageScript } from './page-script'
import { CacheStoreError, DEFAULT_TIMEOUTS, type CacheStore, type PageFound, type PageLookup, type StoreTimeouts } from './store'

/**
 * Upstash over its REST API. Choices made on purpose:
 * - `automaticDeserialization: false`: the client would otherwise `JSON.parse` every result; the
 *   codec owns serialization, so values must come back exactly as stored.
 * - `responseEncoding: false`: strings come back as JSON strings, decoded by nothing else. The
 *   client's default (base64) costs an encoding on the server and a byte-by-byte decoding here on
 *   every hit, and is only needed for binary values; the codec's values are always UTF-8 text.
 * - retries bounded to one, and every request (with its retry) aborted after `commandMs`: the
 *   client's default of 5 retries with exponential backoff would stall a read for seconds.
 * - auto-pipelining stays on: reads of several grids issued together share one HTTP request.
 * - a page is read with one script (EVALSHA, page-script.ts): one request per read, not two.
 */
export class UpstashStore implements CacheStore {
  readonly backend = 'upstash' as const
  readonly label: string
  readonly #client: Redis
  readonly #timeouts: StoreTimeouts
  readonly #script: PageScript

  constructor(url: string, token: string, timeouts: StoreTimeouts = DEFAULT_TIMEOUTS) {
    // The form refuses such a URL too; a file saved before that rule must not send the token either.
    const problem = upstashUrlProblem(url)
    if (problem) throw new Error(problem)
    this.label = new URL(url).host
    this.#timeouts = timeouts
    this.#client = new Redis({
      url,
      token,
      automaticDeserialization: false,
      responseEncoding: false,
      enableTelemetry: false,
      retry: { retries: 1, backoff: () => 50 },
      // A function, not one signal: a fresh timeout per request, and an abort throws instead of
      // the client turning it into a successful "Aborted" result.
      signal: () => AbortSignal.timeout(timeouts.commandMs),
    })
    const client = this.#client
    this.#script = new PageScript({
      evalsha: (sha, keys, args) => client.evalsha(sha, keys, args),
      scriptLoad: (script) => client.scriptLoad(script),
      setEpoch: (value, onlyIfMissing) => (onlyIfMissing ? client.set(EPOCH_KEY, value, { nx: true }) : client.set(EPOCH_KEY, value)),
    })
  }

  lookup(request: PageLookup): Promise<PageFound> {
    return this.#run(() => this.#script.lookup(request))
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.#run(() => this.#client.set(key, value, { ex: ttlSeconds }))
  }

  async bump(keys: string[]): Promise<void> {
    await this.#run(() => keys.reduce((multi, key) => multi.incr(key), this.#client.multi()).exec())
  }

  async ping(): Promise<void> {
    await this.#run(() => this.#client.ping())
  }

  async close(): Promise<void> {}

  async #run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command()
    } catch (error) {
      throw new CacheStoreError(this.#describe(error), { cause: error })
    }
  }

  #describe(error: unknown): string {
    const where = `Upstash at ${this.label}`
    const { name, message = String(error), cause } = error as { name?: string; message?: string; cause?: { code?: string } }
    if (name === 'TimeoutError' || name === 'AbortError') return `${where} did not answer within ${this.#timeouts.commandMs} ms`
    if (cause?.code === 'ECONNREFUSED') return `${where} refused the connection`
    if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return `${where} cannot be found (unknown host)`
    // The client appends the whole command (keys and values) to server errors; keep only the reason.
    const reason = message.replace(/, command was: [\s\S]*$/, '')
    if (/unauthori[sz]ed|WRONGPASS|auth token|invalid token/i.test(reason)) return `${where} refused the token`
    if (name === 'UpstashJSONParseError') return `${where} did not answer like an Upstash REST API (is the URL right?)`
    return `${where} failed: ${reason}`
  }
}
