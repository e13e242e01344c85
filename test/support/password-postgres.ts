import { execFileSync, spawnSync } from 'node:child_process'
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'

/**
 * The shared server on 127.0.0.1:5432 trusts every local login, so it can never refuse a wrong
 * password. Tests that need a real refusal start this: a private PostgreSQL cluster (initdb +
 * pg_ctl, about a second) that checks passwords with scram-sha-256.
 */
export interface PasswordServer {
  port: number
  user: string
  password: string
  /** A URL with the right password, to `database` (default postgres). */
  url(database?: string, password?: string): string
  stop(): void
}

export function findBinDir(): string {
  const fromEnv = process.env.ROSTER_TEST_PG_BINDIR
  if (fromEnv) return fromEnv
  const onPath = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' })
  if (onPath.status === 0 && existsSync(join(onPath.stdout.trim(), 'initdb'))) return onPath.stdout.trim()
  const debian = '/usr/lib/postgresql'
  const versions = existsSync(debian) ? readdirSync(debian).sort((a, b) => Number(b) - Number(a)) : []
  for (const version of versions) {
    if (existsSync(join(debian, version, 'bin', 'initdb'))) return join(debian, version, 'bin')
  }
  throw new Error('initdb was not found: install the PostgreSQL server binaries or set ROSTER_TEST_PG_BINDIR')
}


/** Runs PostgreSQL's own programs (initdb, pg_ctl); as root, as the distribution's postgres account, since PostgreSQL refuses root. */
export function serverTools(): { asRoot: boolean; run(tool: string, args: string[]): Buffer } {
  const bin = findBinDir()
  const asRoot = process.getuid?.() === 0
  return {
    asRoot,
    run: (tool, args) =>
      asRoot
        ? execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe' })
        : execFileSync(join(bin, tool), args, { stdio: 'pipe' }),
  }
}

export async function startPasswordServer(): Promise<PasswordServer> {
  const { asRoot, run } = serverTools()

  const dir = mkdtempSync(join(tmpdir(), 'roster-pg-'))
  const data = join(dir, 'data')
  const user = 'roster_admin'
  const password = 'correct horse battery staple'
  writeFileSync(join(dir, 'password'), password)
  if (asRoot) {
    const { uid, gid } = userIds('postgres')
    chownSync(dir, uid, gid)
    chownSync(join(dir, 'password'), uid, gid)
  }
  run('initdb', ['-D', data, '-U', user, '-A', 'scram-sha-256', `--pwfile=${join(dir, 'password')}`, '--no-sync', '-E', 'UTF8', '--no-instructions'])
  const port = await freePort()
  appendFileSync(join(data, 'postgresql.conf'), `\nlisten_addresses = '127.0.0.1'\nport = ${port}\nunix_socket_directories = '${dir}'\nfsync = off\n`)
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', 'start'])

  return {
    port,
    user,
    password,
    url: (database = 'postgres', pass = password) => `postgres://${user}:${encodeURIComponent(pass)}@127.0.0.1:${port}/${database}`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

export function userIds(name: string): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, name], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}
