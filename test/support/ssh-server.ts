import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './password-postgres'

const SSHD = '/usr/sbin/sshd'

/**
 * Debian's OpenSSH server on a loopback port, as a bastion: a host key made for the run, one
 * authorized client key (for root, the account sshd runs as), TCP forwarding allowed, nothing else.
 */
export interface SshServer {
  port: number
  user: string
  /** The authorized client key (OpenSSH format, no passphrase). */
  privateKey: string
  /** The host key's fingerprint as `ssh-keygen -l -E sha256` prints it. */
  fingerprint: string
  /** Restarts on the same port with a new host key (a replaced server, or someone in between). */
  replaceHostKey(): Promise<void>
  stop(): void
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

export async function startSshServer(): Promise<SshServer> {
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
      '',
    ].join('\n'),
  )

  let child: ChildProcess
  let output = ''
  const start = async () => {
    output = ''
    child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await waitForPort(port, child, () => output)
  }
  const halt = async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  }
  await start()

  const server: SshServer = {
    port,
    user: 'root',
    privateKey: readFileSync(clientKey, 'utf8'),
    fingerprint: fingerprintOf(`${hostKey}.pub`),
    async replaceHostKey() {
      await halt()
      keygen(hostKey)
      server.fingerprint = fingerprintOf(`${hostKey}.pub`)
      await start()
    },
    stop() {
      child.kill('SIGTERM')
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return server
}
