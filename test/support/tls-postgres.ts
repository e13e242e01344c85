import { execFileSync } from 'node:child_process'
import { appendFileSync, chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './free-port'
import { serverTools, userIds } from './password-postgres'

/** PEM texts made for one run by openssl. */
export interface TestCertificates {
  /** The CA that signed the server's and the client's certificates. */
  ca: string
  /** Another CA, which signed nothing this server shows. */
  otherCa: string
  clientCert: string
  clientKey: string
  /** The client key encrypted with `clientKeyPassphrase`. */
  encryptedClientKey: string
  clientKeyPassphrase: string
}

/**
 * A private PostgreSQL cluster on a loopback port with `ssl = on`: its certificate, signed by a
 * CA made for the run, names 127.0.0.1 only (so `localhost` is a wrong host name for it). Every
 * user logs in without a password over TLS; `certUser` only with a client certificate signed by
 * that CA. Plain connections are refused.
 */
export interface TlsServer {
  port: number
  /** The superuser (trusted over TLS). */
  user: string
  /** Logs in by client certificate only (pg_hba `cert`). */
  certUser: string
  certs: TestCertificates
  dir: string
  url(options?: { host?: string; user?: string; sslmode?: string; database?: string }): string
  /**
   * Which certificate the server shows new connections: its valid one, or one for the same name
   * and key, by the same CA, that expired in January 2025. Waits until the server has reloaded it.
   */
  presentCertificate(which: 'valid' | 'expired'): Promise<void>
  stop(): void
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' })
}

/** A CA and certificates signed by it, made with the openssl command line. */
function makeCertificates(dir: string, certUser: string): void {
  const days = ['-days', '2']
  const ca = (name: string) => {
    openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.crt`, ...days, '-subj', `/CN=Roster test ${name}`])
  }
  const signed = (name: string, subject: string, extensions: string) => {
    openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject])
    writeFileSync(join(dir, `${name}.ext`), extensions)
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.crt`, ...days, '-extfile', `${name}.ext`])
  }
  ca('ca')
  ca('other-ca')
  signed('server', '/CN=127.0.0.1', 'subjectAltName = IP:127.0.0.1\nextendedKeyUsage = serverAuth\n')
  // `openssl ca` takes dates in the past (this openssl's `x509 -req` has no -not_after); its config is the least it reads.
  writeFileSync(join(dir, 'index.txt'), '')
  writeFileSync(join(dir, 'serial'), '1000\n')
  writeFileSync(
    join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca = test_ca\n[test_ca]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = any\n[any]\ncommonName = supplied\n',
  )
  openssl(dir, ['ca', '-batch', '-notext', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', 'server.csr', '-out', 'server-expired.crt', '-startdate', '20250101000000Z', '-enddate', '20250102000000Z', '-extfile', 'server.ext'])
  signed('client', `/CN=${certUser}`, 'extendedKeyUsage = clientAuth\n')
  openssl(dir, ['pkey', '-in', 'client.key', '-aes256', '-passout', 'pass:open sesame', '-out', 'client-encrypted.key'])
}

export async function startTlsServer(): Promise<TlsServer> {
  const { asRoot, run } = serverTools()

  const dir = mkdtempSync(join(tmpdir(), 'roster-tls-pg-'))
  const data = join(dir, 'data')
  const user = 'roster_admin'
  const certUser = 'cert_user'
  makeCertificates(dir, certUser)
  // The server reads its key only when it is private to the server's account.
  chmodSync(join(dir, 'server.key'), 0o600)
  if (asRoot) {
    const { uid, gid } = userIds('postgres')
    chownSync(dir, uid, gid)
    chownSync(join(dir, 'server.key'), uid, gid)
  }
  run('initdb', ['-D', data, '-U', user, '-A', 'trust', '--no-sync', '-E', 'UTF8', '--no-instructions'])
  const port = await freePort()
  appendFileSync(
    join(data, 'postgresql.conf'),
    [
      '',
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${dir}'`,
      'fsync = off',
      'ssl = on',
      `ssl_cert_file = '${join(dir, 'server.crt')}'`,
      `ssl_key_file = '${join(dir, 'server.key')}'`,
      `ssl_ca_file = '${join(dir, 'ca.crt')}'`,
      '',
    ].join('\n'),
  )
  writeFileSync(
    join(data, 'pg_hba.conf'),
    [`local all all trust`, `hostssl all ${certUser} 127.0.0.1/32 cert`, `hostssl all all 127.0.0.1/32 trust`, ''].join('\n'),
  )
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '30', 'start'])
  run('psql', ['-h', dir, '-p', String(port), '-U', user, '-d', 'postgres', '-c', `create role ${certUser} login superuser`])

  const pem = (name: string) => readFileSync(join(dir, name), 'utf8')
  return {
    port,
    user,
    certUser,
    dir,
    certs: {
      ca: pem('ca.crt'),
      otherCa: pem('other-ca.crt'),
      clientCert: pem('client.crt'),
      clientKey: pem('client.key'),
      encryptedClientKey: pem('client-encrypted.key'),
      clientKeyPassphrase: 'open sesame',
    },
    url: ({ host = '127.0.0.1', user: as = user, sslmode = 'verify-full', database = 'postgres' } = {}) =>
      `postgres://${as}@${host}:${port}/${database}?sslmode=${sslmode}`,
    async presentCertificate(which) {
      const file = join(dir, which === 'valid' ? 'server.crt' : 'server-expired.crt')
      const psql = (command: string) => run('psql', ['-h', dir, '-p', String(port), '-U', user, '-d', 'postgres', '-Atc', command]).toString().trim()
      psql(`alter system set ssl_cert_file = '${file}'`)
      psql('select pg_reload_conf()')
      // The postmaster reloads its TLS context with its settings: a new session seeing the file sees the certificate.
      for (let attempt = 0; psql('show ssl_cert_file') !== file; attempt++) {
        if (attempt > 200) throw new Error(`The TLS test server did not reload ${file}`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    },
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
