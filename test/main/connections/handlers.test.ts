import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Dispatcher } from '../../../src/main/api'
import { DatabaseSession } from '../../../src/main/session'
import type { CacheSetting } from '../../../src/shared/schemas/connections'
import { call, refused } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { createPostgresDatabase, MIGRATIONS, urlFor } from '../../support/databases'
import { startPasswordServer, type PasswordServer } from '../../support/password-postgres'
import { startRecordingServer } from '../../support/recording-postgres'
import { startTcpProxy } from '../../fixtures/tcp-proxy'

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net')
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

describe('connections API on real PostgreSQL', () => {
  let data: ReturnType<typeof temporaryDataDir>
  let session: DatabaseSession
  let api: Dispatcher
  let startupDb: Awaited<ReturnType<typeof createPostgresDatabase>>
  let emptyDb: Awaited<ReturnType<typeof createPostgresDatabase>>
  let passwordServer: PasswordServer
  const opened: { id: string; cache: CacheSetting }[] = []

  beforeAll(async () => {
    ;[startupDb, emptyDb, passwordServer] = await Promise.all([createPostgresDatabase(), createPostgresDatabase(), startPasswordServer()])
    data = temporaryDataDir()
    session = new DatabaseSession(MIGRATIONS)
    await session.open({ kind: 'postgres', url: startupDb.url })
    await call(createApi({ session, connections: connectionHandlersFor(session, data.dir).handlers }), 'database.migrate', {})
    const { handlers } = connectionHandlersFor(session, data.dir, {
      startup: { kind: 'postgres', url: startupDb.url },
      onOpened: (id, cache) => void opened.push({ id, cache }),
    })
    api = createApi({ session, connections: handlers })
  })
  afterAll(async () => {
    await session?.close()
    await Promise.all([startupDb?.drop(), emptyDb?.drop()])
    passwordServer?.stop()
    data?.remove()
  })

  it('lists the embedded and the command-line database, with the open one marked', async () => {
    const list = await call(api, 'connections.list', {})
    expect(list.connections.map((c) => [c.id, c.kind])).toEqual([
      ['embedded', 'embedded'],
      ['startup', 'startup'],
    ])
    expect(list.currentId).toBe('startup')
    expect(list.connections[1]!.label).toBe(`127.0.0.1:5432/${startupDb.name}`)
  })

  it('tests a database: server version and schema status', async () => {
    const ready = await call(api, 'connections.test', { id: 'startup' })
    expect(ready.serverVersion).toMatch(/^\d+\.\d+/)
    expect(ready.schema.state).toBe('ready')

    const empty = await call(api, 'connections.test', { url: emptyDb.url })
    expect(empty.schema).toMatchObject({ state: 'empty', applied: [] })
    expect(empty.schema.pending.length).toBeGreaterThan(0)
  })

  it('explains a refused password, with a real server that checks passwords', async () => {
    const wrong = await refused(api, 'connections.test', { url: passwordServer.url('postgres', 'not-the-password') })
    expect(wrong).toEqual({
      code: 'connection',
      message: `The password for user roster_admin was refused by 127.0.0.1:${passwordServer.port}. Check the password.`,
    })
    const right = await call(api, 'connections.test', { url: passwordServer.url() })
    expect(right.schema.state).toBe('empty')
  })

  it('tests an edited connection with its saved password when none is typed', async () => {
    const saved = await call(api, 'connections.save', {
      name: 'Password server',
      url: `postgres://roster_admin@127.0.0.1:${passwordServer.port}/postgres`,
      password: passwordServer.password,
    })
    expect(saved.hasPassword).toBe(true)
    expect((await call(api, 'connections.test', { id: saved.id, url: `postgres://roster_admin@127.0.0.1:${passwordServer.port}/template1` })).schema.state).toBe('empty')
    expect((await refused(api, 'connections.test', { id: saved.id, url: saved.url!, password: 'typed wrong' })).message).toMatch(/password .* was refused/)
    // Pointed at another server (or user), the saved password stays home.
    const elsewhere = await refused(api, 'connections.test', { id: saved.id, url: `postgres://postgres@127.0.0.1:${passwordServer.port}/postgres` })
    expect(elsewhere.message).toMatch(/password for user postgres was refused/)
    await call(api, 'connections.remove', { id: saved.id })
  })

  it('never sends a saved password to a user it was not saved for, on a real server that would accept it', async () => {
    // Another login on the same server with the same password: only a password that followed the
    // edit could get in.
    const admin = postgres(passwordServer.url(), { max: 1, onnotice: () => {} })
    await admin.unsafe(`create role other_admin login password '${passwordServer.password}'`)
    await admin.end()
    const saved = await call(api, 'connections.save', {
      name: 'Moved user',
      url: `postgres://roster_admin@127.0.0.1:${passwordServer.port}/postgres`,
      password: passwordServer.password,
    })
    const moved = await call(api, 'connections.save', { id: saved.id, name: 'Moved user', url: `postgres://other_admin@127.0.0.1:${passwordServer.port}/postgres` })
    expect(moved.hasPassword).toBe(false)
    for (const method of ['connections.test', 'connections.open'] as const) {
      expect(await refused(api, method, { id: saved.id })).toMatchObject({ code: 'connection', message: expect.stringMatching(/other_admin/) })
    }
    expect(session.database.label).toBe(`127.0.0.1:5432/${startupDb.name}`)
    await call(api, 'connections.remove', { id: saved.id })
  })

  it('never sends a saved password to a host or port it was not saved for', async () => {
    const listener = await startRecordingServer()
    try {
      const saved = await call(api, 'connections.save', {
        name: 'Moved port',
        url: `postgres://roster_admin@127.0.0.1:${passwordServer.port}/postgres`,
        password: passwordServer.password,
      })
      await call(api, 'connections.save', { id: saved.id, name: 'Moved port', url: `postgres://roster_admin@127.0.0.1:${listener.port}/postgres` })
      await refused(api, 'connections.test', { id: saved.id })
      await refused(api, 'connections.open', { id: saved.id })
      // Unsaved fields naming the new port, with the saved connection's id: the same rule.
      await refused(api, 'connections.test', { id: saved.id, url: `postgres://roster_admin@127.0.0.1:${listener.port}/postgres` })
      expect(listener.startups()).toBe(3)
      expect(listener.received().includes(passwordServer.password)).toBe(false)
      await call(api, 'connections.remove', { id: saved.id })
    } finally {
      await listener.stop()
    }
  })

  it('never returns a Redis password, in the URL or its query, in any reply', async () => {
    const replies: unknown[] = []
    const secrets = ['query-secret', 'userinfo-secret']
    const first = await call(api, 'connections.save', { name: 'Redis query', url: emptyDb.url, cache: { kind: 'redis', url: 'redis://127.0.0.1:6379/0?password=query-secret' } })
    const second = await call(api, 'connections.save', { name: 'Redis userinfo', url: emptyDb.url, cache: { kind: 'redis', url: 'redis://default:userinfo-secret@127.0.0.1:6379/0' } })
    replies.push(first, second)
    replies.push(await refused(api, 'connections.save', { name: 'Redis query', url: emptyDb.url, cache: { kind: 'redis', url: 'redis://127.0.0.1:6379/0?password=query-secret' } }))
    replies.push(await call(api, 'connections.list', {}))
    replies.push(await call(api, 'connections.open', { id: first.id }))
    replies.push(await call(api, 'connections.current', {}))
    replies.push(await call(api, 'connections.open', { id: second.id }))
    replies.push(await call(api, 'connections.current', {}))
    // The main process still gets each password, as ioredis expects it.
    expect(opened.slice(-2).map((o) => o.cache)).toEqual([
      { kind: 'redis', url: 'redis://:query-secret@127.0.0.1:6379/0' },
      { kind: 'redis', url: 'redis://default:userinfo-secret@127.0.0.1:6379/0' },
    ])
    await call(api, 'connections.open', { id: 'startup' })
    await call(api, 'connections.remove', { id: first.id })
    await call(api, 'connections.remove', { id: second.id })
    const shown = JSON.stringify(replies)
    for (const secret of secrets) expect(shown).not.toContain(secret)
  })

  it('explains a missing database, a missing user, a closed port and SSL the server lacks', async () => {
    const port = await closedPort()
    const cases: [string, string][] = [
      [urlFor('roster_no_such_db'), 'There is no database named roster_no_such_db on 127.0.0.1:5432. Check the name, or create it first.'],
      ['postgres://no_such_user@127.0.0.1:5432/postgres', 'There is no user named no_such_user on 127.0.0.1:5432. Check the user name.'],
      [`postgres://postgres@127.0.0.1:${port}/postgres`, `Nothing is accepting connections at 127.0.0.1:${port}. Is PostgreSQL running there, and is the port right?`],
      [`${urlFor('postgres')}?sslmode=require`, '127.0.0.1:5432 does not support SSL. Set SSL mode to "prefer" or "disable", or enable SSL on the server.'],
    ]
    for (const [url, message] of cases) {
      const started = performance.now()
      expect(await refused(api, 'connections.test', { url })).toEqual({ code: 'connection', message })
      expect(performance.now() - started).toBeLessThan(5000)
    }
  })

  it('gives up on a server that accepts but never answers, within the time limit', async () => {
    const { createServer } = await import('node:net')
    const silent = createServer(() => {}).listen(0, '127.0.0.1')
    await new Promise((resolve) => silent.once('listening', resolve))
    const { port } = silent.address() as { port: number }
    const { handlers } = connectionHandlersFor(session, data.dir, { timeoutSeconds: 1 })
    const quick = createApi({ session, connections: handlers })
    try {
      expect(await refused(quick, 'connections.test', { url: `postgres://postgres@127.0.0.1:${port}/postgres` })).toEqual({
        code: 'connection',
        message: `127.0.0.1:${port} did not answer within 1 seconds. Check the host, the port and any firewall in between.`,
      })
    } finally {
      silent.close()
    }
  })

  it('opens a saved connection, switching the session and the cache setting', async () => {
    // A database of its own: this test migrates it, and `emptyDb` stays empty for the others.
    const target = await createPostgresDatabase()
    const saved = await call(api, 'connections.save', {
      name: 'Empty one',
      url: target.url,
      cache: { kind: 'redis', url: 'redis://127.0.0.1:6379/0' },
    })
    const status = await call(api, 'connections.open', { id: saved.id })
    expect(status).toMatchObject({ kind: 'postgres', label: `127.0.0.1:5432/${target.name}`, schema: { state: 'empty' } })
    expect(session.database.label).toBe(`127.0.0.1:5432/${target.name}`)
    expect((await call(api, 'database.status', {})).label).toBe(status.label)
    expect(opened.at(-1)).toEqual({ id: saved.id, cache: { kind: 'redis', url: 'redis://127.0.0.1:6379/0' } })
    expect((await call(api, 'connections.current', {})).connection).toMatchObject({ id: saved.id, name: 'Empty one' })

    expect((await refused(api, 'connections.remove', { id: saved.id })).message).toMatch(/is open/)

    const migrated = await call(api, 'database.migrate', {})
    expect(migrated.schema.state).toBe('ready')

    const back = await call(api, 'connections.open', { id: 'startup' })
    expect(back.label).toBe(`127.0.0.1:5432/${startupDb.name}`)
    await call(api, 'connections.remove', { id: saved.id })
    await target.drop()
  })

  it('opens a saved connection with one login: the connection that checked the schema is the one kept', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 })
    try {
      const url = new URL(startupDb.url)
      url.port = String(proxy.port)
      const saved = await call(api, 'connections.save', { name: 'Through a relay', url: url.toString() })
      await call(api, 'connections.open', { id: saved.id })
      await call(api, 'users.list', { limit: 10 })
      const { accepted, open } = proxy.connections()
      expect(accepted).toBeGreaterThan(0)
      expect(open, 'connections made and thrown away while opening').toBe(accepted)
      await call(api, 'connections.open', { id: 'startup' })
      await call(api, 'connections.remove', { id: saved.id })
    } finally {
      await proxy.stop()
    }
  })

  it('stays on the open database when another cannot be opened', async () => {
    const saved = await call(api, 'connections.save', { name: 'Gone', url: urlFor('roster_no_such_db') })
    const error = await refused(api, 'connections.open', { id: saved.id })
    expect(error.message).toMatch(/There is no database named roster_no_such_db/)
    expect(session.database.label).toBe(`127.0.0.1:5432/${startupDb.name}`)
    expect((await call(api, 'connections.list', {})).currentId).toBe('startup')
    await call(api, 'connections.remove', { id: saved.id })
  })

  it('refuses bad input field by field', async () => {
    const error = await refused(api, 'connections.save', { name: ' ', url: 'mysql://x' })
    expect(error.code).toBe('validation')
    expect(error.fieldErrors).toEqual([
      { field: 'name', message: 'Name is required' },
      { field: 'url', message: 'Enter a URL like postgres://user@host:5432/database' },
    ])
  })
})
