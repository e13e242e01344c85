import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'

const SSHD = '/usr/sbin/sshd'

/**
 * Debian's OpenSSH server on a loopback port, as a bastion: a host key made for the run, one
 * authorized client key (for root, the account sshd runs as), TCP forwarding allowed, nothing else.
 * Asked for, also a system user of its own who logs in by password (created with useradd and
 * removed on stop: sshd checks passwords against the system's accounts).
 */
export interface SshServer {
  port: number
  user: string
  /** The authorized client key (OpenSSH format, no passphrase). */
  privateKey: string
  /** Its public half, as authorized_keys holds it. */
  publicKey: string
  /** The host key's fingerprint as `ssh-keygen -l -E sha256` prints it. */
  fingerprint: string
  /** The user who may log in by password (and only by password), when asked for. */
  passwordLogin: { user: string; password: string } | null
  /** How many logins sshd accepted since it started first (its "Accepted …" log lines). */
  acceptedLogins(): number
  /** SSH connections open now: sshd's processes for them, one per connection. */
  openConnections(): number[]
  /** Ends every open SSH connection (a network cut, a bastion restarted), leaving sshd listening. */
  dropConnections(): Promise<void>
  /** Stops listening and ends every connection: nothing answers on the port until `start`. */
  halt(): Promise<void>
  start(): Promise<void>
  /** Restarts on the same port with a new host key (a replaced server, or someone in between). */
  replaceHostKey(): Promise<void>
  stop(): void
}

/** The processes `parent` started, from /proc (Linux). */
function childrenOf(parent: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // "pid (comm) state ppid …": comm may hold spaces, so split after its closing parenthesis.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent
      } catch {
        return false
      }
    })
    .map(Number)
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (condition()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`Timed out waiting until ${what}`)
}

/** A system account that logs in by password only; sshd reads it from /etc/shadow. */
function createPasswordUser(): { user: string; password: string } {
  const user = `roster_ssh_${randomBytes(3).toString('hex')}`
  const password = randomBytes(12).toString('base64url')
  execFileSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', user], { stdio: 'pipe' })
  execFileSync('chpasswd', [], { input: `${user}:${password}\n`, stdio: ['pipe', 'pipe', 'pipe'] })
  return { user, password }
}

function keygen(file: string): void {
  rmSync(file, { force: true })
  rmSync(`${file}.pub`, { force: true })
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file], { stdio: 'pipe' })
}

const fingerprintOf = (publicKey: string) => execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', publicKey], { encoding: 'utf8' }).split(' ')[1]!

async function waitForPort(port: number, child: ChildProcess, log: () => string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (child.exitCode !== null) throw new Error(`sshd exited (${child.exitCode}): ${log()}`)
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (open) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port}: ${log()}`)
}

export async function startSshServer(options: { passwordUser?: boolean } = {}): Promise<SshServer> {
  if (!existsSync(SSHD)) throw new Error(`${SSHD} was not found: install Debian's openssh-server (apt-get install -y openssh-server)`)
  if (process.getuid?.() !== 0) throw new Error('The SSH test server runs sshd as root (it logs users in); run the tests as root, as .ci/run does')
  const dir = mkdtempSync(join(tmpdir(), 'roster-sshd-'))
  // sshd's privilege separation directory; Debian's service creates it, a bare sshd does not.
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })
  const hostKey = join(dir, 'host_key')
  const clientKey = join(dir, 'client_key')
  keygen(hostKey)
  keygen(clientKey)
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(`${clientKey}.pub`))
  const port = await freePort()
  const passwordLogin = options.passwordUser ? createPasswordUser() : null
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKey}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      // The temporary folder is not root's home: its modes are not what StrictModes wants.
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'AllowTcpForwarding yes',
      'PermitTTY no',
      'X11Forwarding no',
      // Match blocks last: they hold until the end of the file.
      ...(passwordLogin ? [`Match User ${passwordLogin.user}`, '  PasswordAuthentication yes'] : []),
      '',
    ].join('\n'),
  )

  let child: ChildProcess
  let output = ''
  let accepted = 0
  const start = async () => {
    output = ''
    child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      accepted += chunk.toString().match(/^Accepted \S+ for /gm)?.length ?? 0
    })
    await waitForPort(port, child, () => output)
  }
  const openConnections = () => (child.exitCode === null ? childrenOf(child.pid!) : [])
  const dropConnections = async () => {
    const open = openConnections()
    // Each connection is a monitor and the process that talks to the client, its child: both go.
    for (const pid of open.flatMap((monitor) => [...childrenOf(monitor), monitor])) process.kill(pid, 'SIGKILL')
    await waitUntil(() => openConnections().every((pid) => !open.includes(pid)), 'sshd ended its connections')
  }
  const halt = async () => {
    // The listener's exit leaves its connections running: they are ended first.
    await dropConnections()
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  await start()

  const server: SshServer = {
    port,
    user: 'root',
    privateKey: readFileSync(clientKey, 'utf8'),
    publicKey: readFileSync(`${clientKey}.pub`, 'utf8'),
    fingerprint: fingerprintOf(`${hostKey}.pub`),
    passwordLogin,
    acceptedLogins: () => accepted,
    openConnections,
    dropConnections,
    halt,
    start,
    async replaceHostKey() {
      await halt()
      keygen(hostKey)
      server.fingerprint = fingerprintOf(`${hostKey}.pub`)
      await start()
    },
    stop() {
      for (const pid of openConnections().flatMap((monitor) => [...childrenOf(monitor), monitor])) process.kill(pid, 'SIGKILL')
      child.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
      if (passwordLogin) execFileSync('userdel', [passwordLogin.user], { stdio: 'pipe' })
    },
  }
  return server
}

/**
 * OpenSSH's agent on a socket of its own, holding `privateKey` (ssh-add), as a desktop session
 * runs one: Roster finds it by SSH_AUTH_SOCK.
 */
export async function startSshAgent(privateKey: string): Promise<{ socket: string; stop(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'roster-ssh-agent-'))
  const socket = join(dir, 'agent.sock')
  const keyFile = join(dir, 'key')
  writeFileSync(keyFile, privateKey, { mode: 0o600 })
  // -D: in the foreground, so it is this process's child and ends by its pid.
  const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' })
  try {
    await waitUntil(() => existsSync(socket) || agent.exitCode !== null, 'ssh-agent listened')
    if (agent.exitCode !== null) throw new Error(`ssh-agent exited (${agent.exitCode})`)
    execFileSync('ssh-add', ['-q', keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'pipe' })
  } catch (error) {
    agent.kill('SIGTERM')
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    socket,
    stop() {
      agent.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
