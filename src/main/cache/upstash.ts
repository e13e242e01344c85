import { Redis, type Requester } from '@upstash/redis'
import { upstashUrlProblem } from '../../shared/schemas/connections'
import { EPOCH_KEY } from './keys'
import { PageScript } from './page-script'
import { CacheStoreError, DEFAULT_TIMEOUTS, type CacheStore, type PageFound, type PageLookup, type StoreTimeouts } from './store'
import { UpstashRequester } from './upstash-requester'

/**
 * @upstash/redis over a requester of Roster's own. The package's constructor for a requester takes
 * no options, so this sets the two Roster needs as the package's own constructor does:
 * - `automaticDeserialization: false`: the client would otherwise `JSON.parse` every result; the
 *   codec owns serialization, so values must come back exactly as stored;
 * - auto-pipelining: reads of several grids issued together share one HTTP request.
 */
class UpstashClient extends Redis {
  constructor(requester: Requester) {
    super(requester)
    this.opts = { automaticDeserialization: false }
    return this.autoPipeline() as this
  }
}

/**
 * Upstash over its REST API. Choices made on purpose:
 * - requests go through node:http with a keep-alive agent (upstash-requester.ts), not the
 *   package's fetch client: on a hit that was most of the client's cost;
 * - no response encoding: strings come back as JSON strings, decoded by nothing else. The
 *   package's default (base64) costs an encoding on the server and a byte-by-byte decoding here on
 *   every hit, and is only needed for binary values; the codec's values are always UTF-8 text;
 * - one retry after a network error, and every request (with its retry) bounded by `commandMs`:
 *   the package's default of 5 retries with exponential backoff would stall a read for seconds;
 * - a page is read with one script (EVALSHA, page-script.ts): one request per read, not two.
 */
export class UpstashStore implements CacheStore {
  readonly backend = 'upstash' as const
  readonly label: string
  readonly #client: Redis
  readonly #requester: UpstashRequester
  readonly #timeouts: StoreTimeouts
  readonly #script: PageScript

  constructor(url: string, token: string, timeouts: StoreTimeouts = DEFAULT_TIMEOUTS) {
    // The form refuses such a URL too; a file saved before that rule must not send the token either.
    const problem = upstashUrlProblem(url)
    if (problem) throw new Error(problem)
    this.label = new URL(url).host
    this.#timeouts = timeouts
    this.#requester = new UpstashRequester(url, token, timeouts.commandMs)
    this.#client = new UpstashClient(this.#requester)
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

  async close(): Promise<void> {
    this.#requester.close()
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command()
    } catch (error) {
      throw new CacheStoreError(this.#describe(error), { cause: error })
    }
  }

  #describe(error: unknown): string {
    const where = `Upstash at ${this.label}`
    const { name, message = String(error), code } = error as { name?: string; message?: string; code?: string }
    if (name === 'TimeoutError') return `${where} did not answer within ${this.#timeouts.commandMs} ms`
    if (code === 'ECONNREFUSED') return `${where} refused the connection`
    if (code === 'ECONNRESET' || code === 'EPIPE') return `${where} lost the connection`
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${where} cannot be found (unknown host)`
    if (/unauthori[sz]ed|WRONGPASS|auth token|invalid token/i.test(message)) return `${where} refused the token`
    if (name === 'UpstashJSONParseError') return `${where} did not answer like an Upstash REST API (is the URL right?)`
    return `${where} failed: ${message}`
  }
}
