import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileKeySecretBox } from '../../src/main/connections/secret-box'
import { createRosterCore, type RosterCore } from '../../src/main/core'
import { call, refused } from '../support/api'
import { temporaryDataDir } from '../support/connections'
import { createPostgresDatabase, MIGRATIONS } from '../support/databases'
import { startBlackHole } from '../fixtures/tcp-proxy'

// The one wiring behind both startups (the desktop app and browser mode), under plain Node.
describe('createRosterCore', () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>
  let data: ReturnType<typeof temporaryDataDir>
  let core: RosterCore | undefined

  beforeAll(async () => {
    database = await createPostgresDatabase()
    data = temporaryDataDir()
  })
  afterAll(async () => {
    await core?.close()
    await database?.drop()
    data?.remove()
  })

  it('opens the --database URL and answers every API method over it, with saved connections in the data folder', async () => {
    core = await createRosterCore({
      dataDir: data.dir,
      migrationsFolder: MIGRATIONS,
      launchOptions: { databaseUrl: database.url, cacheTtlSeconds: 5 },
      secretBox: fileKeySecretBox(data.dir),
    })
    expect(core.startupError).toBeNull()
    expect(core.session.database.label).toBe(`127.0.0.1:5432/${database.name}`)
    const list = await call(core.dispatcher, 'connections.list', {})
    expect(list.currentId).toBe('startup')
    expect((await call(core.dispatcher, 'database.status', {})).schema.state).toBe('empty')
    expect((await call(core.dispatcher, 'cache.status', {})).backend).toBe('memory')

    await call(core.dispatcher, 'connections.save', { name: 'Same server', url: database.url, cache: { kind: 'none' } })
    expect(existsSync(join(data.dir, 'connections.json'))).toBe(true)
  })

  it('reports a start-up database it cannot open, and still answers (the desktop app lets the admin choose another)', async () => {
    const blackHole = await startBlackHole()
    const other = temporaryDataDir()
    const failed = await createRosterCore({
      dataDir: other.dir,
      migrationsFolder: MIGRATIONS,
      launchOptions: { databaseUrl: `postgres://postgres@127.0.0.1:${blackHole.port}/postgres?connect_timeout=1`, cacheTtlSeconds: 60 },
      secretBox: fileKeySecretBox(other.dir),
    })
    try {
      expect(failed.startupError?.message).toBe(
        `127.0.0.1:${blackHole.port} did not answer within 1 seconds. Check the host, the port and any firewall in between.`,
      )
      expect((await call(failed.dispatcher, 'connections.list', {})).currentId).toBeNull()
      expect(await refused(failed.dispatcher, 'database.status', {})).toMatchObject({ code: 'connection' })
    } finally {
      await failed.close()
      await blackHole.close()
      other.remove()
    }
  })
})
