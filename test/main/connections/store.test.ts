import { createCipheriv, randomBytes } from 'node:crypto'
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectionSaveInput } from '../../../src/shared/schemas/connections'
import { createCacheStore } from '../../../src/main/cache'
import { UnusableStore } from '../../../src/main/cache/store'
import { fileKeySecretBox } from '../../../src/main/connections/secret-box'
import { ConnectionStore } from '../../../src/main/connections/store'
import { temporaryDataDir } from '../../support/connections'

const PASSWORD = 'S3cret-pässword/with:odd@chars'

describe('saved connections store', () => {
  let data: ReturnType<typeof temporaryDataDir>
  let file: string
  const open = () => new ConnectionStore(file, fileKeySecretBox(data.dir))
  const save = (store: ConnectionStore, input: unknown) => store.save(connectionSaveInput.parse(input))

  beforeEach(() => {
    data = temporaryDataDir()
    file = join(data.dir, 'connections.json')
  })
  afterEach(() => data.remove())

  it('keeps passwords encrypted on disk and out of what the renderer sees', () => {
    const saved = save(open(), { name: 'Production', url: 'postgres://admin@db.example.com:5433/roster?sslmode=require', password: PASSWORD })

    const onDisk = readFileSync(file, 'utf8')
    expect(onDisk).not.toContain(PASSWORD)
    expect(onDisk).not.toContain(encodeURIComponent(PASSWORD))
    expect(JSON.parse(onDisk).connections[0].password).toMatch(/^aes-256-gcm:/)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(statSync(join(data.dir, 'connections.key')).mode & 0o777).toBe(0o600)

    expect(saved).toMatchObject({ kind: 'saved', name: 'Production', label: 'db.example.com:5433/roster', hasPassword: true })
    expect(JSON.stringify(open().list())).not.toContain(PASSWORD)

    // A new store over the same folder (the app restarted) reads it back and can connect with it.
    const resolved = open().resolve(saved.id)
    expect(decodeURIComponent(new URL(resolved.url).password)).toBe(PASSWORD)
    expect(new URL(resolved.url).searchParams.get('sslmode')).toBe('require')
  })

  it('takes a password typed into the URL out of it', () => {
    const saved = save(open(), { name: 'Pasted', url: `postgres://ann:${encodeURIComponent(PASSWORD)}@127.0.0.1:5432/app` })
    expect(saved.url).toBe('postgres://ann@127.0.0.1:5432/app')
    expect(saved.hasPassword).toBe(true)
    expect(readFileSync(file, 'utf8')).not.toContain(encodeURIComponent(PASSWORD))
    expect(decodeURIComponent(new URL(open().resolve(saved.id).url).password)).toBe(PASSWORD)
  })

  it('keeps the saved password when an update leaves it out, and removes it when blank', () => {
    const store = open()
    const { id } = save(store, { name: 'Staging', url: 'postgres://ann@127.0.0.1/app', password: PASSWORD })
    const renamed = save(store, { id, name: 'Staging 2', url: 'postgres://ann@127.0.0.1/app' })
    expect(renamed).toMatchObject({ id, name: 'Staging 2', hasPassword: true })
    expect(decodeURIComponent(new URL(store.resolve(id).url).password)).toBe(PASSWORD)

    expect(save(store, { id, name: 'Staging 2', url: 'postgres://ann@127.0.0.1/app', password: '' }).hasPassword).toBe(false)
    expect(new URL(store.resolve(id).url).password).toBe('')
  })

  it('encrypts cache secrets and gives them back only to the main process', () => {
    const store = open()
    const redis = save(store, { name: 'With Redis', url: 'postgres://a@h/d', cache: { kind: 'redis', url: 'redis://:redis-pass@127.0.0.1:6379/2' } })
    const upstash = save(store, { name: 'With Upstash', url: 'postgres://a@h/d', cache: { kind: 'upstash', url: 'https://x.upstash.io', token: 'upstash-token' } })

    const onDisk = readFileSync(file, 'utf8')
    expect(onDisk).not.toContain('redis-pass')
    expect(onDisk).not.toContain('upstash-token')
    expect(redis.cache).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379/2', hasPassword: true })
    expect(upstash.cache).toEqual({ kind: 'upstash', url: 'https://x.upstash.io', hasToken: true })

    expect(store.resolve(redis.id).cache).toEqual({ kind: 'redis', url: 'redis://:redis-pass@127.0.0.1:6379/2' })
    expect(store.resolve(upstash.id).cache).toEqual({ kind: 'upstash', url: 'https://x.upstash.io', token: 'upstash-token' })

    // Editing without retyping the token keeps it.
    save(store, { id: upstash.id, name: 'With Upstash', url: 'postgres://a@h/d', cache: { kind: 'upstash', url: 'https://x.upstash.io' } })
    expect(store.resolve(upstash.id).cache).toMatchObject({ token: 'upstash-token' })
  })

  it('refuses a second connection with the same name, naming the field', () => {
    const store = open()
    save(store, { name: 'Production', url: 'postgres://a@h/d' })
    expect(() => save(store, { name: 'production', url: 'postgres://a@h/other' })).toThrow(
      expect.objectContaining({ code: 'validation', fieldErrors: [{ field: 'name', message: 'A connection named Production already exists' }] }),
    )
  })

  it('removes a connection, and says so when it is already gone', () => {
    const store = open()
    const { id } = save(store, { name: 'Old', url: 'postgres://a@h/d' })
    store.remove(id)
    expect(store.list()).toEqual([])
    expect(() => store.remove(id)).toThrow(expect.objectContaining({ code: 'not_found' }))
  })

  it('cannot read a password with another key, and says what to do', () => {
    const { id } = save(open(), { name: 'Keyed', url: 'postgres://a@h/d', password: PASSWORD })
    writeFileSync(join(data.dir, 'connections.key'), Buffer.alloc(32, 7))
    expect(() => open().resolve(id)).toThrow(/could not be decrypted.*Enter it again/)
  })

  it('reports a damaged file instead of overwriting it', () => {
    writeFileSync(file, '{"version": 1, "connections": [{"id": 3}]}')
    expect(() => open().list()).toThrow(/damaged/)
  })
})

describe('saved secrets stay with the address and the record they were entered for', () => {
  let data: ReturnType<typeof temporaryDataDir>
  let file: string
  const open = () => new ConnectionStore(file, fileKeySecretBox(data.dir))
  const save = (store: ConnectionStore, input: unknown) => store.save(connectionSaveInput.parse(input))
  const passwordOf = (store: ConnectionStore, id: string) => decodeURIComponent(new URL(store.resolve(id).url).password)
  const onDisk = () => JSON.parse(readFileSync(file, 'utf8')) as { version: number; connections: Record<string, unknown>[] }

  beforeEach(() => {
    data = temporaryDataDir()
    file = join(data.dir, 'connections.json')
  })
  afterEach(() => data.remove())

  it('drops the saved password when host, port or user change, and keeps it for another database on the same login', () => {
    const store = open()
    const { id } = save(store, { name: 'Prod', url: 'postgres://ann@db.example.com:5432/app', password: PASSWORD })
    // Same server, same login: another database there still takes this password.
    expect(save(store, { id, name: 'Prod', url: 'postgres://ann@db.example.com:5432/reports' }).hasPassword).toBe(true)
    expect(passwordOf(store, id)).toBe(PASSWORD)

    for (const url of ['postgres://ann@attacker.example.com:5432/reports', 'postgres://ann@db.example.com:6543/reports', 'postgres://bob@db.example.com:5432/reports']) {
      save(store, { id, name: 'Prod', url: 'postgres://ann@db.example.com:5432/reports', password: PASSWORD })
      expect(save(store, { id, name: 'Prod', url }).hasPassword).toBe(false)
      expect(new URL(store.resolve(id).url).password).toBe('')
    }
    // Re-entered with the new address, it is kept.
    expect(save(store, { id, name: 'Prod', url: 'postgres://bob@db.example.com:5432/reports', password: 'bobs' }).hasPassword).toBe(true)
    expect(passwordOf(store, id)).toBe('bobs')
  })

  it('drops a Redis password when the Redis host, port or user change, keeping it for another db index', () => {
    const store = open()
    const { id } = save(store, { name: 'R', url: 'postgres://a@h/d', cache: { kind: 'redis', url: 'redis://:redis-pass@127.0.0.1:6379/0' } })
    save(store, { id, name: 'R', url: 'postgres://a@h/d', cache: { kind: 'redis', url: 'redis://127.0.0.1:6379/3' } })
    expect(store.resolve(id).cache).toEqual({ kind: 'redis', url: 'redis://:redis-pass@127.0.0.1:6379/3' })
    const moved = save(store, { id, name: 'R', url: 'postgres://a@h/d', cache: { kind: 'redis', url: 'redis://127.0.0.2:6379/3' } })
    expect(moved.cache).toEqual({ kind: 'redis', url: 'redis://127.0.0.2:6379/3', hasPassword: false })
    expect(store.resolve(id).cache).toEqual({ kind: 'redis', url: 'redis://127.0.0.2:6379/3' })
  })

  it('seals the direct URL’s password bound to its field, keeps it for the same address only, and never shows it', () => {
    const store = open()
    const pooled = 'postgres://ann@pooler.example.com:6543/app'
    const direct = `postgres://ann:${encodeURIComponent(PASSWORD)}@db.example.com:5432/app?sslmode=require`
    const saved = save(store, { name: 'Pooled', url: pooled, password: 'pooled-pass', directUrl: direct })
    expect(saved.direct).toEqual({ url: 'postgres://ann@db.example.com:5432/app?sslmode=require', hasPassword: true })
    const text = readFileSync(file, 'utf8')
    expect(text).not.toContain(PASSWORD)
    expect(text).not.toContain(encodeURIComponent(PASSWORD))
    expect(JSON.stringify(store.list())).not.toContain(encodeURIComponent(PASSWORD))
    const directOf = (id: string) => new URL(store.resolve(id).directUrl ?? 'postgres://none')
    expect(decodeURIComponent(directOf(saved.id).password)).toBe(PASSWORD)

    // Left out: kept for the same login on another database; dropped for another host, port or user.
    expect(save(store, { id: saved.id, name: 'Pooled', url: pooled, directUrl: 'postgres://ann@db.example.com:5432/reports' }).direct?.hasPassword).toBe(true)
    expect(decodeURIComponent(directOf(saved.id).password)).toBe(PASSWORD)
    for (const moved of ['postgres://ann@attacker.example.com:5432/app', 'postgres://ann@db.example.com:5433/app', 'postgres://bob@db.example.com:5432/app']) {
      save(store, { id: saved.id, name: 'Pooled', url: pooled, directUrl: direct })
      expect(save(store, { id: saved.id, name: 'Pooled', url: pooled, directUrl: moved }).direct).toEqual({ url: moved, hasPassword: false })
      expect(directOf(saved.id).password).toBe('')
    }
    // Typed apart from the URL, and removed by a blank one or with the URL.
    expect(save(store, { id: saved.id, name: 'Pooled', url: pooled, directUrl: 'postgres://bob@db.example.com:5432/app', directPassword: 'bobs' }).direct?.hasPassword).toBe(true)
    expect(decodeURIComponent(directOf(saved.id).password)).toBe('bobs')
    expect(save(store, { id: saved.id, name: 'Pooled', url: pooled, directUrl: 'postgres://bob@db.example.com:5432/app', directPassword: '' }).direct?.hasPassword).toBe(false)
    expect(save(store, { id: saved.id, name: 'Pooled', url: pooled }).direct).toBeNull()
    expect(store.resolve(saved.id).directUrl).toBeUndefined()

    // Sealed for its own field: the database password copied into it does not open.
    save(store, { id: saved.id, name: 'Pooled', url: pooled, password: 'pooled-pass', directUrl: direct })
    const json = onDisk()
    const record = json.connections.find((c) => c.id === saved.id)!
    ;(record.direct as Record<string, unknown>).password = record.password
    writeFileSync(file, JSON.stringify(json))
    expect(() => open().resolve(saved.id)).toThrow(/The saved direct URL password of Pooled was not saved for this connection/)
  })

  it('refuses an Upstash URL change without a new token, on the token field', () => {
    const store = open()
    const base = { name: 'U', url: 'postgres://a@h/d' }
    const { id } = save(store, { ...base, cache: { kind: 'upstash', url: 'https://one.upstash.io', token: 'token-one' } })
    expect(() => save(store, { ...base, id, cache: { kind: 'upstash', url: 'https://two.upstash.io' } })).toThrow(
      expect.objectContaining({ code: 'validation', fieldErrors: [{ field: 'cache.token', message: expect.stringMatching(/token .*https:\/\/one\.upstash\.io.*enter the token/i) }] }),
    )
    expect(store.resolve(id).cache).toEqual({ kind: 'upstash', url: 'https://one.upstash.io', token: 'token-one' })
    save(store, { ...base, id, cache: { kind: 'upstash', url: 'https://two.upstash.io', token: 'token-two' } })
    expect(store.resolve(id).cache).toEqual({ kind: 'upstash', url: 'https://two.upstash.io', token: 'token-two' })
  })

  it('sends the Upstash token only over https, or plain http to this computer', () => {
    const input = (url: string) => ({ name: 'U', url: 'postgres://a@h/d', cache: { kind: 'upstash', url, token: 't' } })
    const refusal = connectionSaveInput.safeParse(input('http://x.upstash.io'))
    expect(refusal.success).toBe(false)
    expect(refusal.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['cache.url', 'Use an https:// URL: the token would cross the network in clear over http://'],
    ])
    for (const url of ['https://x.upstash.io', 'http://127.0.0.1:8079', 'http://localhost:8079', 'http://[::1]:8079']) {
      expect(connectionSaveInput.safeParse(input(url)).success).toBe(true)
    }

    // Checked again in main before any request, whatever the saved file says (no request is made here).
    const store = createCacheStore({ kind: 'upstash', url: 'http://x.upstash.io', token: 't' })
    expect(store).toBeInstanceOf(UnusableStore)
    expect((store as UnusableStore).reason).toBe('The Upstash cache cannot be set up: Use an https:// URL: the token would cross the network in clear over http://')
  })

  it('seals a Redis password given as ?password= like one in the user info, and never shows either', () => {
    const store = open()
    const query = save(store, { name: 'Q', url: 'postgres://a@h/d', cache: { kind: 'redis', url: 'redis://127.0.0.1:6379/1?password=query-secret&family=4' } })
    const userInfo = save(store, { name: 'I', url: 'postgres://a@h/d', cache: { kind: 'redis', url: 'redis://user:info-secret@127.0.0.1:6379/1' } })
    expect(query.cache).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379/1?family=4', hasPassword: true })
    expect(userInfo.cache).toEqual({ kind: 'redis', url: 'redis://user@127.0.0.1:6379/1', hasPassword: true })
    const shown = JSON.stringify([store.list(), store.get(query.id), store.get(userInfo.id)])
    const written = readFileSync(file, 'utf8')
    for (const secret of ['query-secret', 'info-secret']) {
      expect(shown).not.toContain(secret)
      expect(written).not.toContain(secret)
    }
    expect(store.resolve(query.id).cache).toEqual({ kind: 'redis', url: 'redis://:query-secret@127.0.0.1:6379/1?family=4' })
    expect(store.resolve(userInfo.id).cache).toEqual({ kind: 'redis', url: 'redis://user:info-secret@127.0.0.1:6379/1' })
  })

  it('refuses a sealed secret copied into another connection or another field', () => {
    const store = open()
    const victim = save(store, { name: 'Victim', url: 'postgres://admin@db.example.com/app', password: PASSWORD })
    const thief = save(store, { name: 'Thief', url: 'postgres://admin@127.0.0.1:1/app', password: 'own', cache: { kind: 'upstash', url: 'https://x.upstash.io', token: 't' } })
    const json = onDisk()
    const stolen = json.connections.find((c) => c.id === victim.id)!.password
    const target = json.connections.find((c) => c.id === thief.id)!
    target.password = stolen
    writeFileSync(file, JSON.stringify(json))
    expect(() => open().resolve(thief.id)).toThrow(
      expect.objectContaining({ code: 'validation', message: 'The saved password of Thief was not saved for this connection (it was copied from elsewhere), so Roster will not use it. Enter it again.' }),
    )

    // Into another field of the same record: the token.
    target.password = null
    ;(target.cache as Record<string, unknown>).token = stolen
    writeFileSync(file, JSON.stringify(json))
    expect(() => open().resolve(thief.id)).toThrow(/The saved Upstash token of Thief was not saved for this connection/)
  })

  it('reads a connections file written before secrets were bound, and re-seals its secrets bound to their record', () => {
    const key = randomBytes(32)
    writeFileSync(join(data.dir, 'connections.key'), key, { mode: 0o600 })
    const legacySeal = (plain: string) => {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from('roster:connection-secret:v1'))
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return `aes-256-gcm:${[iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.')}`
    }
    const id = '7a1c6b1e-4a51-4f64-9d1e-0c1b2a3d4e5f'
    const now = new Date().toISOString()
    const legacy = {
      version: 1,
      connections: [
        { id, name: 'Old', url: 'postgres://ann@127.0.0.1:5432/app', password: legacySeal(PASSWORD), cache: { kind: 'upstash', url: 'https://x.upstash.io', token: legacySeal('tok') }, createdAt: now, updatedAt: now },
      ],
    }
    writeFileSync(file, JSON.stringify(legacy))

    const store = open()
    expect(store.list()).toMatchObject([{ id, hasPassword: true, cache: { hasToken: true } }])
    const migrated = onDisk()
    expect(migrated.version).toBe(2)
    const [record] = migrated.connections
    expect(record!.password).not.toBe(legacy.connections[0]!.password)
    expect(passwordOf(store, id)).toBe(PASSWORD)
    expect(store.resolve(id).cache).toEqual({ kind: 'upstash', url: 'https://x.upstash.io', token: 'tok' })

    // Once the file is bound, an unbound value slipped into it is refused.
    record!.password = legacySeal('planted')
    writeFileSync(file, JSON.stringify(migrated))
    expect(() => open().resolve(id)).toThrow(/was not saved for this connection/)
  })
})
