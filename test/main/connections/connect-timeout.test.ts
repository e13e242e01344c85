import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi, type Dispatcher } from '../../../src/main/api'
import { DatabaseSession } from '../../../src/main/session'
import { refused } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'
import { createPostgresDatabase, MIGRATIONS } from '../../support/databases'
import { startBlackHole } from '../../fixtures/tcp-proxy'

/** The sentence for a server that did not answer in time. */
const silentFor = (port: number, seconds: number) =>
  `127.0.0.1:${port} did not answer within ${seconds} seconds. Check the host, the port and any firewall in between.`

describe("a URL's connect_timeout, on a server that accepts connections and never answers", () => {
  let blackHole: Awaited<ReturnType<typeof startBlackHole>>
  let startupDb: Awaited<ReturnType<typeof createPostgresDatabase>>
  let data: ReturnType<typeof temporaryDataDir>
  let session: DatabaseSession
  let silentUrl: (seconds: number) => string

  beforeAll(async () => {
    ;[blackHole, startupDb] = await Promise.all([startBlackHole(), createPostgresDatabase()])
    silentUrl = (seconds) => `postgres://postgres@127.0.0.1:${blackHole.port}/postgres?connect_timeout=${seconds}`
    data = temporaryDataDir()
    session = new DatabaseSession(MIGRATIONS)
    await session.open({ kind: 'postgres', url: startupDb.url })
  })
  afterAll(async () => {
    await session?.close()
    await blackHole?.close()
    await startupDb?.drop()
    data?.remove()
  })

  /** The connections API as the app builds it; `timeoutSeconds` is its limit for URLs that set none. */
  const apiWith = (timeoutSeconds?: number): Dispatcher =>
    createApi({ session, connections: connectionHandlersFor(session, data.dir, timeoutSeconds ? { timeoutSeconds } : {}).handlers })

  it('at start-up (DatabaseSession.open, as --database opens it): gives up after it, and says so', async () => {
    const startup = new DatabaseSession(MIGRATIONS)
    const started = performance.now()
    await expect(startup.open({ kind: 'postgres', url: silentUrl(2) })).rejects.toMatchObject({
      code: 'connection',
      message: silentFor(blackHole.port, 2),
    })
    // Not the default 10 s: the URL's 2 s (bounded generously for a busy machine).
    expect(performance.now() - started).toBeLessThan(8000)
    expect(startup.target).toBeNull()
  })

  it('connections.test names the URL’s limit, not its own default', async () => {
    expect(await refused(apiWith(), 'connections.test', { url: silentUrl(2) })).toEqual({ code: 'connection', message: silentFor(blackHole.port, 2) })
  })

  it('connections.test waits as long as the URL allows, past its own default', async () => {
    const started = performance.now()
    expect(await refused(apiWith(1), 'connections.test', { url: silentUrl(3) })).toEqual({ code: 'connection', message: silentFor(blackHole.port, 3) })
    expect(performance.now() - started).toBeGreaterThanOrEqual(2500)
  })

  it('connections.open of a saved connection names the URL’s limit and leaves the open database alone', async () => {
    const api = apiWith()
    const saved = await api.call('connections.save', { name: 'Silent', url: silentUrl(2), cache: { kind: 'none' } })
    if (!saved.ok) throw new Error(saved.error.message)
    const { id } = saved.data as { id: string }
    expect(await refused(api, 'connections.open', { id })).toEqual({ code: 'connection', message: silentFor(blackHole.port, 2) })
    expect(session.database.label).toBe(`127.0.0.1:5432/${startupDb.name}`)
  })
})
