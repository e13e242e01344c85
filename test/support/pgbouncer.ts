import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN_URL } from './databases'
import { freePort } from './free-port'

export interface PgBouncer {
  /** postgres://user@127.0.0.1:<port>/<database>: the pooler's address for `database`. */
  urlFor(database: string): string
  port: number
  stop(): Promise<void>
}

/** Debian installs it in /usr/sbin, which a non-root PATH often lacks. */
const BINARY = ['/usr/sbin/pgbouncer', '/usr/bin/pgbouncer'].find((path) => existsSync(path)) ?? 'pgbouncer'


const accepting = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })

/**
 * Debian's PgBouncer on a free loopback port in front of the test PostgreSQL, in `mode`, with a
 * server pool of `poolSize` per database and user, and its configuration left as shipped otherwise
 * (it refuses startup parameters it does not track, as a managed pooler does). Fails loudly when
 * pgbouncer is not installed (.ci/run installs it).
 */
export async function startPgBouncer({ mode, poolSize }: { mode: 'session' | 'transaction'; poolSize: number }): Promise<PgBouncer> {
  const server = new URL(ADMIN_URL)
  const user = decodeURIComponent(server.username) || 'postgres'
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'roster-pgbouncer-'))
  // PgBouncer will not run as root: it drops to the postgres user, who must read these files.
  chmodSync(dir, 0o755)
  const config = join(dir, 'pgbouncer.ini')
  writeFileSync(join(dir, 'users.txt'), `"${user}" ""\n`, { mode: 0o644 })
  writeFileSync(
    config,
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${join(dir, 'users.txt')}`,
      `pool_mode = ${mode}`,
      `default_pool_size = ${poolSize}`,
      'max_client_conn = 500',
      '',
    ].join('\n'),
    { mode: 0o644 },
  )
  const asRoot = process.getuid?.() === 0
  const child = spawn(BINARY, [...(asRoot ? ['-u', 'postgres'] : []), config], { stdio: ['ignore', 'ignore', 'pipe'] })
  let output = ''
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve))

  const deadline = Date.now() + 10_000
  for (;;) {
    const failed = await Promise.race([spawnError, exited.then(() => new Error('pgbouncer exited')), new Promise<null>((r) => setTimeout(() => r(null), 50))])
    if (failed) throw new Error(`PgBouncer (${BINARY}) did not start: ${failed.message}\n${output}`)
    if (await accepting(port)) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`PgBouncer did not listen on 127.0.0.1:${port} within 10 s\n${output}`)
    }
  }
  return {
    port,
    urlFor(database) {
      const url = new URL(ADMIN_URL)
      url.port = String(port)
      url.pathname = `/${database}`
      return url.toString()
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
