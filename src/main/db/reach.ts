import type { Duplex } from 'node:stream'
import type { PostgresConnectOptions } from '../../shared/postgres-url'
import { SshTunnel, type SshTunnelSettings } from './ssh-tunnel'
import { checkTlsMaterial, driverSslOf, tlsMaterialOf, type DriverSsl, type TlsMaterial } from './tls'

/** How a PostgreSQL connection gets to its server, beyond its URL: certificates, a tunnel, read-only. */
export interface ReachSettings {
  tls?: TlsMaterial
  ssh?: SshTunnelSettings
  /** Every session starts with default_transaction_read_only = on, and Roster refuses saves first. */
  readOnly?: boolean
}

/**
 * What every postgres.js client of one database (the pool, migrations, the change listener) is
 * given to reach it: the same TLS options and the same SSH tunnel, opened before them and closed
 * after them.
 */
export interface Reach {
  /** Spread into postgres.js's options. */
  driver: { ssl: DriverSsl; socket?: () => Promise<Duplex> }
  /** Startup parameters every session gets. */
  sessionSettings: Record<string, string>
  tunnel: SshTunnel | null
  close(): Promise<void>
}

export async function openReach(settings: ReachSettings, options: PostgresConnectOptions): Promise<Reach> {
  const url = new URL(options.url)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const port = url.port ? Number(url.port) : 5432
  const material = tlsMaterialOf(options.sslFiles, settings.tls)
  checkTlsMaterial(material)
  const ssl = driverSslOf(options.sslmode, host, material)
  const sessionSettings: Record<string, string> = settings.readOnly ? { default_transaction_read_only: 'on' } : {}
  if (!settings.ssh) return { driver: { ssl }, sessionSettings, tunnel: null, close: async () => {} }
  const tunnel = new SshTunnel(settings.ssh, options.connectTimeoutSeconds * 1000)
  await tunnel.open()
  return {
    driver: { ssl, socket: () => tunnel.forward(host, port) },
    sessionSettings,
    tunnel,
    close: () => tunnel.close(),
  }
}
