import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { connectionSaveInput } from '../../../src/shared/schemas/connections'
import { safeStorageSecretBox, type SafeStorageLike } from '../../../src/main/connections/secret-box'
import { ConnectionStore } from '../../../src/main/connections/store'
import { temporaryDataDir } from '../../support/connections'

/**
 * A stand-in for Electron's safeStorage (Electron cannot run here): a reversible scrambling, and
 * the backend Linux would report. It fakes Electron's API, not a database.
 */
function fakeSafeStorage(backend: string | undefined): SafeStorageLike {
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a))
  return {
    isEncryptionAvailable: () => true,
    encryptString: (plain) => flip(Buffer.from(plain, 'utf8')),
    decryptString: (sealed) => flip(sealed).toString('utf8'),
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  }
}

describe('saved connections sealed with Electron safeStorage', () => {
  let data: ReturnType<typeof temporaryDataDir>
  let file: string
  const open = (backend?: string) => new ConnectionStore(file, safeStorageSecretBox(fakeSafeStorage(backend)))
  const save = (store: ConnectionStore, input: unknown) => store.save(connectionSaveInput.parse(input))
  const onDisk = () => JSON.parse(readFileSync(file, 'utf8')) as { version: number; connections: Record<string, unknown>[] }

  beforeEach(() => {
    data = temporaryDataDir()
    file = join(data.dir, 'connections.json')
  })
  afterEach(() => data.remove())

  it('binds each sealed secret to its connection and field', () => {
    const store = open('gnome_libsecret')
    const victim = save(store, { name: 'Victim', url: 'postgres://admin@db.example.com/app', password: 'victim-pass' })
    const thief = save(store, { name: 'Thief', url: 'postgres://admin@127.0.0.1:1/app', password: 'own' })
    expect(decodeURIComponent(new URL(store.resolve(victim.id).url).password)).toBe('victim-pass')

    const json = onDisk()
    json.connections.find((c) => c.id === thief.id)!.password = json.connections.find((c) => c.id === victim.id)!.password
    writeFileSync(file, JSON.stringify(json))
    expect(() => open('gnome_libsecret').resolve(thief.id)).toThrow(/The saved password of Thief was not saved for this connection/)
  })

  it('reads secrets the desktop app sealed before they were bound, and re-seals them', () => {
    const legacy = `safe-storage:${fakeSafeStorage(undefined).encryptString('old-pass').toString('base64')}`
    const id = '0b9f3c1e-2d4a-4e6b-8c1d-9e8f7a6b5c4d'
    const now = new Date().toISOString()
    writeFileSync(
      file,
      JSON.stringify({ version: 1, connections: [{ id, name: 'Old', url: 'postgres://ann@127.0.0.1/app', password: legacy, cache: { kind: 'none' }, createdAt: now, updatedAt: now }] }),
    )
    const store = open()
    expect(decodeURIComponent(new URL(store.resolve(id).url).password)).toBe('old-pass')
    const migrated = onDisk()
    expect(migrated.version).toBe(2)
    expect(migrated.connections[0]!.password).not.toBe(legacy)
    expect(decodeURIComponent(new URL(open().resolve(id).url).password)).toBe('old-pass')
  })

  describe('when Linux falls back to basic_text (no keychain)', () => {
    it('tells the renderer storage is not secure', () => {
      expect(open('basic_text').secureStorage).toBe(false)
      expect(open('gnome_libsecret').secureStorage).toBe(true)
      expect(open(undefined).secureStorage).toBe(true) // macOS and Windows have no such backend
    })

    it('refuses to store a secret without consent, on the consent field, and stores it with consent', () => {
      const store = open('basic_text')
      const refusal = expect.objectContaining({
        code: 'validation',
        fieldErrors: [{ field: 'allowInsecureStorage', message: expect.stringMatching(/cannot be stored securely.*readable/) }],
      })
      expect(() => save(store, { name: 'P', url: 'postgres://a@h/d', password: 'pw' })).toThrow(refusal)
      expect(() => save(store, { name: 'P', url: 'postgres://a:pw@h/d' })).toThrow(refusal)
      expect(() => save(store, { name: 'P', url: 'postgres://a@h/d', cache: { kind: 'redis', url: 'redis://:pw@127.0.0.1:6379' } })).toThrow(refusal)
      expect(() => save(store, { name: 'P', url: 'postgres://a@h/d', cache: { kind: 'upstash', url: 'https://x.upstash.io', token: 't' } })).toThrow(refusal)
      expect(store.list()).toEqual([])

      // Nothing secret to store: no consent needed.
      const plain = save(store, { name: 'P', url: 'postgres://a@h/d' })
      expect(plain.hasPassword).toBe(false)
      const agreed = save(store, { id: plain.id, name: 'P', url: 'postgres://a@h/d', password: 'pw', allowInsecureStorage: true })
      expect(agreed.hasPassword).toBe(true)
      expect(decodeURIComponent(new URL(store.resolve(plain.id).url).password)).toBe('pw')
    })
  })
})
