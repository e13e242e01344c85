import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectionSaveInput } from '../../../src/shared/domain/connections'
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
