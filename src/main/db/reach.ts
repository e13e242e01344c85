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

type ReachDriver = { ssl: DriverSsl; socket?: () => Promise<Duplex> }

/**
 * What every postgres.js client of one database (the pool, migrations, the change listener) is
 * given to reach it: the same TLS options and the same SSH tunnel, opened before them and closed
 * after them.
 */
export interface Reach {
  /** Spread into postgres.js's options. */
  driver: ReachDriver
  /**
   * The same certificates and tunnel to another address of the same database (its direct URL
   * beside a pooler's), verified against that address's own host name and sslmode.
   */
  driverFor(options: PostgresConnectOptions): ReachDriver
  /** Startup parameters every session gets. */
  sessionSettings: Record<string, string>
  tunnel: SshTunnel | null
  close(): Promise<void>
}

function addressOf(options: PostgresConnectOptions): { host: string; port: number } {
  const url = new URL(options.url)
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port ? Number(url.port) : 5432 }
}

export async function openReach(settings: ReachSettings, options: PostgresConnectOptions): Promise<Reach> {
  const tunnel = settings.ssh ? new SshTunnel(settings.ssh, options.connectTimeoutSeconds * 1000) : null
  const driverFor = (to: PostgresConnectOptions): ReachDriver => {
    const { host, port } = addressOf(to)
    const material = tlsMaterialOf(to.sslFiles, settings.tls)
    checkTlsMaterial(material)
    const ssl = driverSslOf(to.sslmode, host, material)
    return tunnel ? { ssl, socket: () => tunnel.forward(host, port) } : { ssl }
  }
  // Checked before the tunnel opens: bad certificates need no bastion to be found out.
  const driver = driverFor(options)
  const sessionSettings: Record<string, string> = settings.readOnly ? { default_transaction_read_only: 'on' } : {}
  await tunnel?.open()
  return {
    driver,
    driverFor,
    sessionSettings,
    tunnel,
    close: async () => tunnel?.close(),
  }
}
