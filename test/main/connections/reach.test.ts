import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Dispatcher } from '../../../src/main/api'
import { followConnectionCache, ListCache } from '../../../src/main/cache'
import { DatabaseSession } from '../../../src/main/session'
import type { ConnectionSaveInput } from '../../../src/shared/schemas/connections'
import { call, refused } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { MIGRATIONS, openMigrated, type TestDatabase } from '../../support/databases'
import { openDatabase, type DatabaseTarget } from '../../../src/main/db/client'
import { listenForChanges } from '../../../src/main/events/listener'
import { deleteKeys, REDIS_URL, redisClient, testKeyPrefix } from '../../support/redis'
import { startSshAgent, startSshServer, type SshServer } from '../../support/ssh-server'
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
let cache: ListCache
const cacheKeyPrefix = testKeyPrefix()

beforeAll(async () => {
  ;[ssh, tls, roster] = await Promise.all([startSshServer({ passwordUser: true }), startTlsServer(), openMigrated('postgres')])
  await roster.database.close()
  admin = postgres(roster.url!, { max: 1, onnotice: () => {} })
  data = temporaryDataDir()
  session = new DatabaseSession(MIGRATIONS)
  await session.open({ kind: 'postgres', url: roster.url! })
  cache = new ListCache(undefined, { retry: { initialMs: 100, maxMs: 400 } })
  api = createApi({ session, connections: connectionHandlersFor(session, data.dir, { onOpened: followConnectionCache(cache) }).handlers, cache, cacheKeyPrefix })
})
afterAll(async () => {
  await cache?.close()
  await session?.close()
  await deleteKeys(cacheKeyPrefix)
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

describe('SSH logins', () => {
  const tunnelledAs = (name: string, login: Pick<NonNullable<ConnectionSaveInput['ssh']>, 'user' | 'auth' | 'password'>): ConnectionSaveInput => ({
    name,
    url: roster.url!,
    ssh: { host: '127.0.0.1', port: ssh.port, hostKey: ssh.fingerprint, ...login },
  })

  it('logs in by password, sealed on disk, and says so when the password is wrong', async () => {
    const { user, password } = ssh.passwordLogin!
    const saved = await call(api, 'connections.save', tunnelledAs('By SSH password', { user, auth: 'password', password }))
    expect(saved.ssh).toMatchObject({ user, auth: 'password', hasPassword: true, hasPrivateKey: false })
    expect(readFileSync(`${data.dir}/connections.json`, 'utf8')).not.toContain(password)
    const tested = await call(api, 'connections.test', { id: saved.id })
    expect(tested.stages[0]).toMatchObject({ stage: 'ssh', detail: `${user}@127.0.0.1:${ssh.port}, host key ${ssh.fingerprint}` })

    const wrong = await call(api, 'connections.save', tunnelledAs('Wrong SSH password', { user, auth: 'password', password: `${password}x` }))
    expect(await refused(api, 'connections.test', { id: wrong.id })).toEqual({
      code: 'connection',
      message: `The SSH server 127.0.0.1:${ssh.port} refused user ${user} with its password. Check the user and the key or password.`,
    })
  })

  it('logs in with the keys of the running SSH agent (SSH_AUTH_SOCK)', async () => {
    const saved = await call(api, 'connections.save', tunnelledAs('By SSH agent', { user: ssh.user, auth: 'agent' }))
    const before = process.env.SSH_AUTH_SOCK
    delete process.env.SSH_AUTH_SOCK
    expect((await refused(api, 'connections.test', { id: saved.id })).message).toBe(
      'No SSH agent is running for Roster (SSH_AUTH_SOCK is not set). Use a private key or a password.',
    )
    const agent = await startSshAgent(ssh.privateKey)
    try {
      process.env.SSH_AUTH_SOCK = agent.socket
      const tested = await call(api, 'connections.test', { id: saved.id })
      expect(tested.stages.map((s) => s.stage)).toEqual(['ssh', 'tls', 'login', 'schema'])
    } finally {
      if (before === undefined) delete process.env.SSH_AUTH_SOCK
      else process.env.SSH_AUTH_SOCK = before
      agent.stop()
    }
  })

  it('Test makes one SSH connection for all its stages, and closes it', async () => {
    const saved = await call(api, 'connections.save', tunnelled('One tunnel for Test', ssh.fingerprint))
    const before = ssh.openConnections()
    const logins = ssh.acceptedLogins()
    await call(api, 'connections.test', { id: saved.id })
    await expect.poll(() => ssh.openConnections().filter((pid) => !before.includes(pid))).toEqual([])
    expect(ssh.acceptedLogins() - logins).toBe(1)
  })
})

describe('Redis through the SSH tunnel', () => {
  it('is refused without a tunnel to go through', async () => {
    const error = await refused(api, 'connections.save', { name: 'No tunnel', url: roster.url!, cache: { kind: 'redis', url: REDIS_URL, throughSsh: true } })
    expect(error.fieldErrors).toEqual([{ field: 'cache.throughSsh', message: expect.stringMatching(/^Redis can go through the SSH tunnel only when the connection has one/) }])
  })

  it('caches in the Redis the SSH server reaches, through the database’s own tunnel', async () => {
    const saved = await call(api, 'connections.save', { ...tunnelled('Redis behind the bastion', ssh.fingerprint), cache: { kind: 'redis', url: REDIS_URL, throughSsh: true } })
    expect(saved.cache).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379', hasPassword: false, throughSsh: true })
    const logins = ssh.acceptedLogins()
    await call(api, 'connections.open', { id: saved.id })
    await call(api, 'users.list', { search: 'through the bastion' })
    expect(await call(api, 'cache.status', {})).toMatchObject({ backend: 'redis', label: '127.0.0.1:6379 through SSH', state: 'ok' })
    // The page is in the real Redis, written over a channel of the SSH connection the pool uses:
    // opening made one (the schema check's connection is the one kept), Redis none of its own.
    const redis = redisClient()
    try {
      await expect.poll(async () => (await redis.keys(`${cacheKeyPrefix}:*`)).length).toBeGreaterThan(0)
    } finally {
      redis.disconnect()
    }
    expect(ssh.acceptedLogins() - logins).toBe(1)
    expect(ssh.openConnections()).toHaveLength(1)

    // With the bastion down, Redis (still up here) is out of reach; with it back, Redis is again.
    await ssh.halt()
    try {
      await api.call('users.list', { search: 'bastion down' })
      const down = await call(api, 'cache.status', {})
      expect(down.state).not.toBe('ok')
      // Which one depends on whether the list's read was on its way when the channel closed.
      expect(down.message).toMatch(/^Redis at 127\.0\.0\.1:6379 through SSH (is not connected|lost the connection)$/)
      // Long enough for Redis's client to try again (100, 200, 400 ms) and fail while the bastion is down.
      await new Promise((resolve) => setTimeout(resolve, 1_000))
    } finally {
      await ssh.start()
    }
    await expect
      .poll(async () => {
        await api.call('users.list', { search: 'bastion back' })
        return (await call(api, 'cache.status', {})).state
      })
      .toBe('ok')
  })
})

describe('a dropped tunnel', () => {
  // Each call searches for something new, so the list cache cannot answer it: it reaches the database.
  let searches = 0
  const listThroughTunnel = () => api.call('users.list', { search: `not cached ${++searches}` })

  it('fails like a lost connection and is made again by the next call', async () => {
    const saved = await call(api, 'connections.save', tunnelled('Dropped bastion', ssh.fingerprint))
    await call(api, 'connections.open', { id: saved.id })
    expect(await listThroughTunnel()).toMatchObject({ ok: true })
    const logins = ssh.acceptedLogins()

    // The SSH connection is cut: the pool's connections through it go with it, and the next call opens it again.
    await ssh.dropConnections()
    // A call already on its way fails as any lost connection does (whether one is depends on timing).
    const afterDrop = await listThroughTunnel()
    if (!afterDrop.ok) expect(afterDrop.error).toEqual({ code: 'connection', message: 'The connection to the database was lost. Try again.' })
    expect(await listThroughTunnel()).toMatchObject({ ok: true })
    await expect.poll(() => ssh.acceptedLogins()).toBe(logins + 1)

    // The bastion stops: calls fail with a sentence naming it (after one on its way, lost as above);
    // it is back: so is the database.
    await ssh.halt()
    try {
      await expect.poll(() => listThroughTunnel()).toEqual({
        ok: false,
        error: { code: 'connection', message: `Nothing is accepting SSH connections at 127.0.0.1:${ssh.port}. Check the SSH host and port.` },
      })
    } finally {
      await ssh.start()
    }
    expect(await listThroughTunnel()).toMatchObject({ ok: true })
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

describe('Change events beside a transaction pooler', () => {
  it('listen at the direct URL with the connection’s own certificates', async () => {
    // The pooler is only declared: what matters is that the listener goes to the direct URL,
    // whose server the system's CAs cannot verify, only the CA pasted for the connection.
    const target: DatabaseTarget = { kind: 'postgres', url: `${tls.url()}&pgbouncer=true`, directUrl: tls.url(), tls: { ca: tls.certs.ca } }
    const database = await openDatabase(target)
    const states: string[] = []
    const listener = await listenForChanges(database, target, { notice: () => {}, state: (state, why) => void states.push(why ? `${state}: ${why}` : state) })
    try {
      expect(database.pooler).toBe('transaction')
      await expect.poll(() => states.at(-1)).toBe('live')
    } finally {
      await listener.close()
      await database.close()
    }
  })
})
