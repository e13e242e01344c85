import { connect as connectTcp } from 'node:net'
import type { Duplex } from 'node:stream'
import { connect as connectTls, type TLSSocket } from 'node:tls'
import { parsePostgresUrl } from '../../shared/postgres-url'
import type { ConnectionTestResult } from '../../shared/schemas/connections'
import type { TestStage } from '../../shared/schemas/connection-reach'
import { ApiFailure } from '../api-failure'
import { openDatabase, type Database, type DatabaseTarget } from '../db/client'
import { databaseStatus } from '../db/migrations'
import { openReach, type Reach } from '../db/reach'
import { tlsUnsupported } from '../db/tls-sentences'

export type PostgresTarget = Extract<DatabaseTarget, { kind: 'postgres' }>

/** PostgreSQL's SSLRequest: length 8, code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47])

/** A raw stream to the server, through the tunnel when there is one. */
function streamTo(reach: Reach, host: string, port: number): Promise<Duplex> {
  if (reach.driver.socket) return reach.driver.socket()
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, host)
    socket.once('connect', () => resolve(socket))
    socket.once('error', reject)
  })
}

/** The server's one-byte answer to SSLRequest: true for S(ure), false for N(o). */
function askForTls(stream: Duplex): Promise<boolean> {
  return new Promise((resolve, reject) => {
    stream.once('data', (chunk: Buffer) => resolve(chunk[0] === 0x53))
    stream.once('error', reject)
    stream.once('close', () => reject(Object.assign(new Error('The server closed the connection'), { code: 'CONNECTION_CLOSED' })))
    stream.write(SSL_REQUEST)
  })
}

const nameOf = (entity: { CN?: string | string[] } | undefined) => [entity?.CN].flat()[0] ?? 'unnamed'

/**
 * The TLS handshake alone, on a connection of its own, with the same options the pool will use:
 * so a certificate problem is told as such, apart from the login. Returns what was negotiated.
 */
async function probeTls(reach: Reach, host: string, port: number): Promise<string | null> {
  const stream = await streamTo(reach, host, port)
  try {
    const where = `${host}:${port}`
    if (!(await askForTls(stream))) {
      if (reach.driver.ssl === 'prefer' || reach.driver.ssl === 'allow') return 'not offered by the server: the connection is not encrypted'
      throw new ApiFailure('connection', tlsUnsupported(where).message)
    }
    const options = typeof reach.driver.ssl === 'object' ? reach.driver.ssl : { rejectUnauthorized: false }
    const secured = await new Promise<TLSSocket>((resolve, reject) => {
      const socket = connectTls({ ...options, socket: stream })
      socket.once('secureConnect', () => resolve(socket))
      socket.once('error', reject)
    })
    const certificate = secured.getPeerCertificate()
    const protocol = secured.getProtocol() ?? 'TLS'
    const verified = typeof reach.driver.ssl === 'object' && reach.driver.ssl.rejectUnauthorized ? 'verified' : 'not verified'
    secured.destroy()
    return `${protocol}, certificate of ${nameOf(certificate.subject)} from ${nameOf(certificate.issuer)} (${verified})`
  } finally {
    stream.destroy()
  }
}

/**
 * Test, step by step: SSH (when tunnelled), TLS (unless disabled), login, schema — each timed,
 * each failure told in its own words. Runs on connections of its own (one SSH connection for
 * all stages), all closed at the end.
 */
export async function runStagedTest(target: PostgresTarget, migrationsFolder: string, keep: (database: Database) => Database): Promise<ConnectionTestResult> {
  const started = performance.now()
  const stages: TestStage[] = []
  let mark = performance.now()
  const done = (stage: TestStage['stage'], detail: string) => {
    const now = performance.now()
    stages.push({ stage, elapsedMs: Math.round(now - mark), detail })
    mark = now
  }

  const options = parsePostgresUrl(target.url)
  const { hostname, port } = new URL(options.url)
  const host = hostname.replace(/^\[|\]$/g, '')
  // Opening the reach opens the SSH tunnel: the first stage. Every stage then goes through it.
  const reach = await openReach(target, options)
  try {
    if (target.ssh) done('ssh', `${target.ssh.user}@${target.ssh.host}:${target.ssh.port}, host key ${target.ssh.hostKey}`)
    if (reach.driver.ssl !== false) {
      const negotiated = await probeTls(reach, host, port ? Number(port) : 5432)
      if (negotiated) done('tls', negotiated)
    }
  } catch (error) {
    await reach.close()
    throw error
  }
  // The database takes the tunnel over, and closes it with itself when the Test is done.
  const database = keep(await openDatabase(target, reach))
  done('login', `as ${decodeURIComponent(new URL(options.url).username) || 'the default user'}`)
  const status = await databaseStatus(database, migrationsFolder)
  done('schema', status.schema.message)
  return { ...status, elapsedMs: Math.round(performance.now() - started), stages }
}
