import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { errors, type Requester, type UpstashRequest, type UpstashResponse } from '@upstash/redis'

/** A request that ran out of time: `name` is what UpstashStore reports as "did not answer within". */
class RequestTimeoutError extends Error {
  constructor(ms: number) {
    super(`no answer within ${ms} ms`)
    this.name = 'TimeoutError'
  }
}

/** A failure of the connection itself (refused, reset), not an answer: worth one more attempt. */
const isNetworkError = (error: unknown) => error instanceof Error && 'code' in error && !(error instanceof RequestTimeoutError)

/**
 * Upstash's REST protocol over node:http(s) with a keep-alive agent, for @upstash/redis in place of
 * its fetch client. Against the local gateway, a hit cost the client 2.9–4.4 ms of CPU through
 * fetch with a fresh `AbortSignal.timeout` per request (undici's machinery, and each signal firing
 * later with a DOMException and an abort event), and 0.9–1.6 ms this way (README, Cache). What the
 * package's client does that Roster relies on is kept:
 * - one retry after a network error (a keep-alive socket the server closed meanwhile), none after
 *   the deadline; `timeoutMs` bounds the request with its retry. The retry opens a new connection:
 *   another idle socket of the pool may be just as dead, and a stopped server must read as refused;
 * - read-your-writes: the sync token the server returns is sent with the next request;
 * - an answer that is not JSON fails as UpstashJSONParseError, an error status as UpstashError.
 */
export class UpstashRequester implements Requester {
  readYourWrites = true
  upstashSyncToken = ''
  readonly #url: URL
  readonly #basePath: string
  readonly #agent: HttpAgent
  readonly #send: (options: RequestOptions, onResponse: (response: IncomingMessage) => void) => ClientRequest
  readonly #authorization: string
  readonly #timeoutMs: number

  constructor(url: string, token: string, timeoutMs: number) {
    this.#url = new URL(url)
    this.#basePath = this.#url.pathname.replace(/\/$/, '')
    const https = this.#url.protocol === 'https:'
    this.#agent = https ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true })
    this.#send = https ? httpsRequest : httpRequest
    this.#authorization = `Bearer ${token}`
    this.#timeoutMs = timeoutMs
  }

  async request<TResult>(req: UpstashRequest): Promise<UpstashResponse<TResult>> {
    if (req.isStreaming) throw new Error('Streaming commands are not supported')
    const body = JSON.stringify(req.body)
    const path = `${this.#basePath}/${(req.path ?? []).join('/')}`
    const deadline = Date.now() + this.#timeoutMs
    try {
      return await this.#post<TResult>(path, body, req.headers, deadline, this.#agent)
    } catch (error) {
      if (!isNetworkError(error) || Date.now() >= deadline) throw error
      return this.#post<TResult>(path, body, req.headers, deadline, false)
    }
  }

  /** Closes the idle keep-alive connections. */
  close(): void {
    this.#agent.destroy()
  }

  #post<TResult>(
    path: string,
    body: string,
    headers: Record<string, string> | undefined,
    deadline: number,
    agent: HttpAgent | false,
  ): Promise<UpstashResponse<TResult>> {
    return new Promise((resolve, reject) => {
      const timeoutMs = Math.max(1, deadline - Date.now())
      const request = this.#send(
        {
          protocol: this.#url.protocol,
          hostname: this.#url.hostname,
          port: this.#url.port,
          path,
          method: 'POST',
          agent,
          headers: {
            ...headers,
            authorization: this.#authorization,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            ...(this.upstashSyncToken ? { 'upstash-sync-token': this.upstashSyncToken } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('error', fail)
          response.on('end', () => {
            clearTimeout(timer)
            const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')
            const sync = response.headers['upstash-sync-token']
            if (typeof sync === 'string') this.upstashSyncToken = sync
            let parsed: UpstashResponse<TResult>
            try {
              parsed = JSON.parse(text) as UpstashResponse<TResult>
            } catch (error) {
              return reject(new errors.UpstashJSONParseError(text, { cause: error }))
            }
            const status = response.statusCode ?? 0
            if (status < 200 || status >= 300) return reject(new errors.UpstashError(parsed.error ?? `HTTP status ${status}`))
            resolve(parsed)
          })
        },
      )
      const timer = setTimeout(() => {
        const error = new RequestTimeoutError(this.#timeoutMs)
        request.destroy(error)
        reject(error)
      }, timeoutMs)
      function fail(error: Error) {
        clearTimeout(timer)
        reject(error)
      }
      request.on('error', fail)
      request.end(body)
    })
  }
}
