import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApiFailure } from '../errors'

/**
 * Encrypts the secrets of saved connections (database passwords, Redis passwords, Upstash
 * tokens). Ciphertexts carry their scheme's prefix, so a secret saved by the desktop app is
 * recognised — not garbled — when the same data folder is used in browser mode, and vice versa.
 */
export interface SecretBox {
  readonly scheme: string
  encrypt(plain: string): string
  decrypt(sealed: string): string
}

/** The part of Electron's `safeStorage` Roster uses; structural so this module stays Electron-free. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
}

const unreadable = (scheme: string) =>
  new ApiFailure(
    'validation',
    scheme === 'safe-storage'
      ? 'This password was saved by the desktop app and can only be read there. Enter it again to use it here.'
      : 'This password was saved in browser mode and cannot be read here. Enter it again to use it here.',
  )

function unseal(box: SecretBox, sealed: string): string {
  const prefix = sealed.slice(0, sealed.indexOf(':'))
  if (prefix !== box.scheme) throw unreadable(prefix)
  return sealed.slice(prefix.length + 1)
}

/** The desktop app's box: the operating system's keychain through Electron's `safeStorage`. */
export function safeStorageSecretBox(safeStorage: SafeStorageLike): SecretBox {
  const box: SecretBox = {
    scheme: 'safe-storage',
    encrypt(plain) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new ApiFailure(
          'internal',
          'This computer offers no secure storage for passwords (no keychain or secret service is running), so Roster cannot save one.',
        )
      }
      return `${box.scheme}:${safeStorage.encryptString(plain).toString('base64')}`
    },
    decrypt(sealed) {
      return safeStorage.decryptString(Buffer.from(unseal(box, sealed), 'base64'))
    },
  }
  return box
}

const KEY_BYTES = 32
const IV_BYTES = 12
/** Binds ciphertexts to their purpose: a sealed value cannot be replayed as something else. */
const AAD = Buffer.from('roster:connection-secret:v1')

/** Reads the key kept in `file`, creating it (readable by this user only) on first use. */
function loadOrCreateKey(file: string): Buffer {
  try {
    const key = readFileSync(file)
    if (key.length !== KEY_BYTES) throw new Error(`The key file ${file} is damaged (expected ${KEY_BYTES} bytes). Remove it and enter saved passwords again.`)
    return key
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const key = randomBytes(KEY_BYTES)
  // 'wx' fails if another process created it meanwhile; then theirs is the key.
  try {
    writeFileSync(file, key, { mode: 0o600, flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKey(file)
    throw error
  }
  chmodSync(file, 0o600)
  return key
}

/**
 * Browser mode's box: AES-256-GCM with a random key in a file only this user can read, in the
 * data folder. It protects passwords in connections.json from anyone who sees that file alone.
 */
export function fileKeySecretBox(dataDir: string, keyFileName = 'connections.key'): SecretBox {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const keyFile = join(dataDir, keyFileName)
  let key: Buffer | null = null
  const getKey = () => (key ??= loadOrCreateKey(keyFile))

  const box: SecretBox = {
    scheme: 'aes-256-gcm',
    encrypt(plain) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', getKey(), iv).setAAD(AAD)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'))
      return `${box.scheme}:${parts.join('.')}`
    },
    decrypt(sealed) {
      const [iv, tag, body] = unseal(box, sealed)
        .split('.')
        .map((part) => Buffer.from(part, 'base64url'))
      if (!iv || !tag || !body) throw unreadable(box.scheme)
      try {
        const decipher = createDecipheriv('aes-256-gcm', getKey(), iv).setAAD(AAD).setAuthTag(tag)
        return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
      } catch {
        throw new ApiFailure('validation', 'A saved password could not be decrypted (the key file changed). Enter it again.')
      }
    },
  }
  return box
}
