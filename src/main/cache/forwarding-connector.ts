import { Duplex } from 'node:stream'
import { connect as connectTls, type ConnectionOptions } from 'node:tls'
import { AbstractConnector, type RedisOptions } from 'ioredis'

/** Opens a stream to `host:port` some other way than TCP from here: an SSH tunnel's channel. */
export type Forward = (host: string, port: number) => Promise<Duplex>

type Stream = Awaited<ReturnType<AbstractConnector['connect']>>
type ConnectorConstructor = NonNullable<RedisOptions['Connector']>

interface ConnectOptions {
  host?: string
  port?: number
  tls?: ConnectionOptions
  disconnectTimeout: number
}

/** TLS (rediss://) over the forwarded stream, verified for the URL's host. */
function secured(stream: Duplex, options: ConnectionOptions, host: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = connectTls({ servername: host, ...options, socket: stream })
    socket.once('secureConnect', () => resolve(socket))
    socket.once('error', reject)
  })
}

/**
 * An ioredis connector whose connections are streams from `forward` (each reconnect asks for a
 * new one, so a dropped tunnel is made again), for Redis at its address as the SSH server sees it.
 */
export function forwardingConnector(forward: Forward): ConnectorConstructor {
  return class ForwardingConnector extends AbstractConnector {
    readonly #options: ConnectOptions

    constructor(options: unknown) {
      const connect = options as ConnectOptions
      super(connect.disconnectTimeout)
      this.#options = connect
    }

    async connect(): Promise<Stream> {
      this.connecting = true
      const host = this.#options.host ?? 'localhost'
      let stream: Duplex
      try {
        const channel = await forward(host, this.#options.port ?? 6379)
        stream = this.#options.tls ? await secured(channel, this.#options.tls, host) : channel
      } catch (error) {
        // Failed as a socket fails, not as a rejection: ioredis gives up for good on a rejected
        // connect, but retries a stream that closed (the tunnel may be back by then).
        this.firstError = error as Error
        stream = new Duplex({ read() {} })
        stream.destroy()
      }
      if (!this.connecting) {
        stream.destroy()
        throw new Error('Connection is closed.')
      }
      // ioredis tunes the TCP socket it is given; a tunnel's channel has no socket to tune.
      const untuned = { setNoDelay: () => stream, setKeepAlive: () => stream, setTimeout: () => stream }
      Object.assign(stream, untuned)
      stream.once('error', (error: Error) => (this.firstError = error))
      this.stream = stream as Stream
      return this.stream
    }
  }
}
