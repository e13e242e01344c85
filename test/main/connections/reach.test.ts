import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Dispatcher } from '../../../src/main/api'
import { DatabaseSession } from '../../../src/main/session'
import type { ConnectionSaveInput } from '../../../src/shared/schemas/connections'
import { call, refused } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { MIGRATIONS, openMigrated, type TestDatabase } from '../../support/databases'
import { startSshServer, type SshServer } from '../../support/ssh-server'
import { startTlsServer, type TlsServer } from '../../support/tls-postgres'

/**
 * Saved connections that reach their database through an SSH bastion, with certificates of their
 * own, or read-only — on real servers on loopback: Debian's sshd and a TLS PostgreSQL cluster.
 */
let ssh: SshServer
let tls: TlsServer
let roster: TestDatabase
let data: ReturnType<typeof temporaryDataDir>
let session: DatabaseSession
let api: Dispatcher
let admin: postgres.Sql

beforeAll(async () => {
  ;[ssh, tls, roster] = await Promise.all([startSshServer(), startTlsServer(), openMigrated('postgres')])
  await roster.database.close()
  admin = postgres(roster.url!, { max: 1, onnotice: () => {} })
  data = temporaryDataDir()
  session = new DatabaseSession(MIGRATIONS)
  await session.open({ kind: 'postgres', url: roster.url! })
  api = createApi({ session, connections: connectionHandlersFor(session, data.dir).handlers })
})
afterAll(async () => {
  await session?.close()
  await admin?.end()
  await roster?.cleanup()
  ssh?.stop()
  tls?.stop()
  data?.remove()
})

const tunnelled = (name: string, hostKey: string | null): ConnectionSaveInput => ({
  name,
  // The shared server, as the SSH server reaches it.
  url: roster.url!,
  ssh: { host: '127.0.0.1', port: ssh.port, user: ssh.user, auth: 'key', privateKey: ssh.privateKey, hostKey },
})

const countUsers = async (email: string) => Number((await admin`select count(*)::int as n from users where email = ${email}`)[0]!.n)

describe('SSH tunnel', () => {
  it('shows the host key before anything is sent, as OpenSSH prints it', async () => {
    expect(await call(api, 'connections.sshHostKey', { host: '127.0.0.1', port: ssh.port })).toEqual({ fingerprint: ssh.fingerprint })
  })

  it('refuses to connect while the host key is not trusted', async () => {
    const saved = await call(api, 'connections.save', tunnelled('Untrusted bastion', null))
    const error = await refused(api, 'connections.open', { id: saved.id })
    expect(error.message).toBe(`The SSH host key of 127.0.0.1:${ssh.port} is not trusted yet (${ssh.fingerprint}). Test the connection to see it and trust it.`)
  })

  it('tests stage by stage, then lists users and saves an edit through the tunnel', async () => {
    const saved = await call(api, 'connections.save', tunnelled('Behind the bastion', ssh.fingerprint))
    expect(saved.ssh).toEqual({ host: '127.0.0.1', port: ssh.port, user: 'root', auth: 'key', hostKey: ssh.fingerprint, hasPrivateKey: true, hasPassphrase: false, hasPassword: false })
    expect(JSON.stringify(saved)).not.toContain('PRIVATE KEY')
    expect(readFileSync(`${data.dir}/connections.json`, 'utf8')).not.toContain('PRIVATE KEY')

    const tested = await call(api, 'connections.test', { id: saved.id })
    expect(tested.stages.map((s) => s.stage)).toEqual(['ssh', 'tls', 'login', 'schema'])
    expect(tested.stages[0]!.detail).toBe(`root@127.0.0.1:${ssh.port}, host key ${ssh.fingerprint}`)
    expect(tested.stages[1]!.detail).toBe('not offered by the server: the connection is not encrypted')

    await call(api, 'connections.open', { id: saved.id })
    const email = 'tunnel.user@example.com'
    await call(api, 'users.save', { inserts: [{ clientId: 't', name: 'Tunnel User', email }] })
    const page = await call(api, 'users.list', { search: 'Tunnel User' })
    expect(page.rows.map((row) => row.email)).toEqual([email])
    expect(await countUsers(email)).toBe(1)
  })

  it('refuses a host key that changed, on Test and on Open', async () => {
    const saved = await call(api, 'connections.save', tunnelled('Replaced bastion', ssh.fingerprint))
    const trusted = ssh.fingerprint
    await ssh.replaceHostKey()
    const changed = `The SSH host key of 127.0.0.1:${ssh.port} has changed: it was ${trusted} and is now ${ssh.fingerprint}. Someone may be intercepting the connection, so Roster refused it. If the server's key was replaced on purpose, trust the new one in the connection's SSH settings.`
    expect(await refused(api, 'connections.test', { id: saved.id })).toEqual({ code: 'connection', message: changed })
    expect(await refused(api, 'connections.open', { id: saved.id })).toEqual({ code: 'connection', message: changed })
  })
})

describe('read-only connections', () => {
  it('open every session read-only and refuse saves with a sentence before they reach the database', async () => {
    const saved = await call(api, 'connections.save', { name: 'Read-only', url: roster.url!, readOnly: true })
    expect(saved.readOnly).toBe(true)
    const status = await call(api, 'connections.open', { id: saved.id })
    expect(status.readOnly).toMatch(/^This connection is read-only: Roster saves nothing to it\./)

    const email = 'never.written@example.com'
    expect(await refused(api, 'users.save', { inserts: [{ clientId: 'n', name: 'Never Written', email }] })).toEqual({ code: 'conflict', message: status.readOnly })
    expect(await refused(api, 'database.migrate', {})).toEqual({ code: 'conflict', message: status.readOnly })
    expect(await countUsers(email)).toBe(0)
    // Reads still work, and the server itself holds the session read-only.
    await call(api, 'users.list', {})
    const [setting] = (await session.database.db.execute(sql`show default_transaction_read_only`)) as unknown as { default_transaction_read_only: string }[]
    expect(setting!.default_transaction_read_only).toBe('on')
    await expect(session.database.db.execute(sql`insert into agencies (name) values ('Sneaked in')`)).rejects.toMatchObject({ cause: { code: '25006' } })
    expect((await call(api, 'database.status', {})).readOnly).toBe(status.readOnly)
  })
})

describe('TLS settings of a saved connection', () => {
  it('seal the client key and its passphrase, keep them for the same address only, and log in by certificate', async () => {
    const { ca, clientCert, encryptedClientKey, clientKeyPassphrase } = tls.certs
    const input: ConnectionSaveInput = {
      name: 'By certificate',
      url: tls.url({ user: tls.certUser }),
      tls: { caCert: ca, clientCert, clientKey: encryptedClientKey, keyPassphrase: clientKeyPassphrase },
    }
    const saved = await call(api, 'connections.save', input)
    expect(saved.tls).toEqual({ caCert: ca.trim(), clientCert: clientCert.trim(), hasClientKey: true, hasKeyPassphrase: true })
    const file = readFileSync(`${data.dir}/connections.json`, 'utf8')
    expect(file).not.toContain('ENCRYPTED PRIVATE KEY')
    expect(file).not.toContain(clientKeyPassphrase)

    const tested = await call(api, 'connections.test', { id: saved.id })
    expect(tested.stages.map((s) => s.stage)).toEqual(['tls', 'login', 'schema'])
    expect(tested.stages[0]!.detail).toMatch(/^TLSv1\.3, certificate of 127\.0\.0\.1 from Roster test ca \(verified\)$/)
    expect(tested.stages[1]!.detail).toBe('as cert_user')

    // Another host: the key and passphrase are not sent there.
    const moved = await call(api, 'connections.save', { ...input, id: saved.id, url: tls.url({ user: tls.certUser, host: 'localhost', sslmode: 'verify-ca' }), tls: { caCert: ca, clientCert } })
    expect(moved.tls).toMatchObject({ hasClientKey: false, hasKeyPassphrase: false })
    expect((await refused(api, 'connections.test', { id: saved.id })).message).toMatch(/requires a client certificate for this user/)
  })
})
