import { createHash } from 'node:crypto'
import type { Duplex } from 'node:stream'
import { Client, type ConnectConfig } from 'ssh2'
import { ApiFailure } from '../api-failure'

/** How a connection reaches its database through an SSH server (a bastion). */
export interface SshTunnelSettings {
  host: string
  port: number
  user: string
  /** One way to log in: a private key (PEM/OpenSSH text), a password, or the running SSH agent. */
  auth: { kind: 'key'; privateKey: string; passphrase?: string } | { kind: 'password'; password: string } | { kind: 'agent' }
  /** The SHA256 fingerprint the admin trusted; null until they have seen and accepted one. */
  hostKey: string | null
}

/** OpenSSH's form of a host key's fingerprint: `SHA256:` and unpadded base64. */
export function hostKeyFingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`
}

const addressOf = (settings: Pick<SshTunnelSettings, 'host' | 'port'>) => `${settings.host}:${settings.port}`

function refusal(settings: SshTunnelSettings, offered: string): ApiFailure | null {
  if (settings.hostKey === offered) return null
  const where = addressOf(settings)
  if (settings.hostKey === null) {
    return new ApiFailure('validation', `The SSH host key of ${where} is not trusted yet (${offered}). Test the connection to see it and trust it.`, [
      { field: 'ssh.hostKey', message: `Not trusted yet: ${offered}` },
    ])
  }
  return new ApiFailure(
    'connection',
    `The SSH host key of ${where} has changed: it was ${settings.hostKey} and is now ${offered}. Someone may be intercepting the connection, so Roster refused it. If the server's key was replaced on purpose, trust the new one in the connection's SSH settings.`,
  )
}

/** The SSH failure as a sentence naming the server, or null when it is not one Roster knows. */
function describeSshError(error: Error & { level?: string; code?: string }, settings: SshTunnelSettings): ApiFailure {
  const where = addressOf(settings)
  if (error.level === 'client-authentication') {
    const how = settings.auth.kind === 'key' ? 'its private key' : settings.auth.kind === 'password' ? 'its password' : 'the SSH agent’s keys'
    return new ApiFailure('connection', `The SSH server ${where} refused user ${settings.user} with ${how}. Check the user and the key or password.`)
  }
  if (/passphrase|encrypted private key|bad decrypt/i.test(error.message)) {
    return new ApiFailure('validation', 'The SSH private key could not be opened: its passphrase is missing or wrong.')
  }
  if (/Cannot parse privateKey|Unsupported key format/i.test(error.message)) {
    return new ApiFailure('validation', `The SSH private key is not a key Roster can read (${error.message}). Paste the whole key, BEGIN and END lines included.`)
  }
  if (error.code === 'ECONNREFUSED') return new ApiFailure('connection', `Nothing is accepting SSH connections at ${where}. Check the SSH host and port.`)
  if (error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN') return new ApiFailure('connection', `The SSH host ${settings.host} could not be found. Check its name.`)
  if (error.level === 'client-timeout' || error.code === 'ETIMEDOUT') return new ApiFailure('connection', `The SSH server ${where} did not answer in time.`)
  return new ApiFailure('connection', `The SSH connection to ${where} failed: ${error.message}`)
}

function configOf(settings: SshTunnelSettings, timeoutMs: number): ConnectConfig {
  const base: ConnectConfig = { host: settings.host, port: settings.port, username: settings.user, readyTimeout: timeoutMs, keepaliveInterval: 15_000 }
  switch (settings.auth.kind) {
    case 'key':
      return { ...base, privateKey: settings.auth.privateKey, ...(settings.auth.passphrase ? { passphrase: settings.auth.passphrase } : {}) }
    case 'password':
      return { ...base, password: settings.auth.password }
    case 'agent': {
      const agent = process.env.SSH_AUTH_SOCK
      if (!agent) throw new ApiFailure('validation', 'No SSH agent is running for Roster (SSH_AUTH_SOCK is not set). Use a private key or a password.')
      return { ...base, agent }
    }
  }
}

/**
 * One SSH connection carrying the database's connections: each is a channel forwarded to the
 * database's host and port as the SSH server sees them (no local port is opened). The host key
 * is checked before any credential is sent. A dropped SSH connection fails the channels on it,
 * which the pool reports as a lost connection; the next channel asked for opens it again.
 */
export class SshTunnel {
  #connecting: Promise<Client> | null = null
  #closed = false

  constructor(
    readonly settings: SshTunnelSettings,
    private readonly timeoutMs: number,
  ) {}

  /** Connects (if not connected): called before the pool, so SSH failures are told as such. */
  async open(): Promise<void> {
    await this.#client()
  }

  #client(): Promise<Client> {
    if (this.#closed) return Promise.reject(new ApiFailure('connection', 'The SSH tunnel was closed with its database.'))
    this.#connecting ??= new Promise<Client>((resolve, reject) => {
      const client = new Client()
      let refused: ApiFailure | null = null
      const forget = () => {
        if (this.#connecting === connecting) this.#connecting = null
      }
      client.once('ready', () => resolve(client))
      client.on('error', (error) => {
        forget()
        reject(refused ?? describeSshError(error, this.settings))
      })
      client.on('close', forget)
      client.connect({
        ...configOf(this.settings, this.timeoutMs),
        hostVerifier: (key: Buffer) => {
          refused = refusal(this.settings, hostKeyFingerprint(key))
          return refused === null
        },
      })
    })
    const connecting = this.#connecting
    return connecting
  }

  /** A stream to `host:port` as the SSH server reaches it. */
  async forward(host: string, port: number): Promise<Duplex> {
    const client = await this.#client()
    return new Promise((resolve, reject) => {
      client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
        if (error) {
          reject(new ApiFailure('connection', `The SSH server ${addressOf(this.settings)} could not reach ${host}:${port} (${error.message}).`))
          return
        }
        // postgres.js ends a socket (sending Terminate) only when its readyState, a net.Socket
        // property, says 'open'; without one it would wait for a close that never comes.
        let readyState = 'open'
        channel.once('close', () => (readyState = 'closed'))
        Object.defineProperty(channel, 'readyState', { get: () => readyState })
        resolve(channel)
      })
    })
  }

  async close(): Promise<void> {
    this.#closed = true
    const connecting = this.#connecting
    this.#connecting = null
    const client = await connecting?.catch(() => null)
    client?.end()
  }
}

/** The fingerprint of the host key `host:port` offers, without logging in. */
export function fetchHostKey(server: Pick<SshTunnelSettings, 'host' | 'port'>, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client()
    let fingerprint: string | null = null
    client.on('error', (error: Error & { code?: string; level?: string }) => {
      if (fingerprint) resolve(fingerprint)
      else reject(describeSshError(error, { ...server, user: '', auth: { kind: 'agent' }, hostKey: null }))
    })
    client.connect({
      host: server.host,
      port: server.port,
      username: 'roster-host-key-check',
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        fingerprint = hostKeyFingerprint(key)
        // Refusing ends the handshake here: nothing is sent to log in.
        return false
      },
    })
  })
}
