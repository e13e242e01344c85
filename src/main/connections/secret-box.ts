import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ApiFailure } from '../api-failure'

/** Which secret of a saved connection a sealed value holds. */
export type SecretField = 'password' | 'cache.password' | 'cache.token' | 'tls.clientKey' | 'tls.keyPassphrase' | 'ssh.privateKey' | 'ssh.passphrase' | 'ssh.password' | 'direct.password'

/** The record and field a secret is sealed for: a sealed value opens only there. */
export interface SecretBinding {
  connectionId: string
  field: SecretField
}

/**
 * Encrypts the secrets of saved connections (database passwords, Redis passwords, Upstash
 * tokens). Ciphertexts carry their scheme's prefix, so a secret saved by the desktop app is
 * recognised — not garbled — when the same data folder is used in browser mode, and vice versa.
 * Each is bound to its connection and field: copied into another record or field, it will not open.
 */
export interface SecretBox {
  readonly scheme: string
  /** False when sealing protects nothing (Linux safeStorage on basic_text): storing needs consent. */
  isSecure(): boolean
  seal(plain: string, binding: SecretBinding): string
  /**
   * Opens a value sealed for `binding`. `legacy` values were sealed by Roster before secrets were
   * bound (any record could hold them): the store accepts those only from a file of that era.
   */
  open(sealed: string, binding: SecretBinding): { secret: string; legacy: boolean }
}

/** The part of Electron's `safeStorage` Roster uses; structural so this module stays Electron-free. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean
  encryptString(plainText: string): Buffer
  decryptString(encrypted: Buffer): string
  /** Linux only: which keyring holds the key; 'basic_text' means a key built into Chromium. */
  getSelectedStorageBackend?(): string
}

/** Thrown when a sealed value is not for the record or field it was found in. */
export class MisplacedSecretError extends Error {
  constructor() {
    super('The sealed secret belongs to another connection or field')
  }
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

/** Bound values start with this after the scheme; legacy ones never do ('.' is not base64). */
const BOUND = 'v2.'

/** The desktop app's box: the operating system's keychain through Electron's `safeStorage`. */
export function safeStorageSecretBox(safeStorage: SafeStorageLike): SecretBox {
  const box: SecretBox = {
    scheme: 'safe-storage',
    isSecure: () => safeStorage.getSelectedStorageBackend?.() !== 'basic_text',
    seal(plain, { connectionId, field }) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new ApiFailure(
          'internal',
          'This computer offers no secure storage for passwords (no keychain or secret service is running), so Roster cannot save one.',
        )
      }
      // safeStorage takes no authenticated data: the binding travels inside the ciphertext instead.
      const envelope = JSON.stringify({ id: connectionId, field, secret: plain })
      return `${box.scheme}:${BOUND}${safeStorage.encryptString(envelope).toString('base64')}`
    },
    open(sealed, { connectionId, field }) {
      const body = unseal(box, sealed)
      if (!body.startsWith(BOUND)) return { secret: safeStorage.decryptString(Buffer.from(body, 'base64')), legacy: true }
      const envelope = JSON.parse(safeStorage.decryptString(Buffer.from(body.slice(BOUND.length), 'base64'))) as Record<string, unknown>
      if (envelope.id !== connectionId || envelope.field !== field || typeof envelope.secret !== 'string') throw new MisplacedSecretError()
      return { secret: envelope.secret, legacy: false }
    },
  }
  return box
}

const KEY_BYTES = 32
const IV_BYTES = 12
/** What values sealed before bindings existed were authenticated with: their purpose only. */
const LEGACY_AAD = Buffer.from('roster:connection-secret:v1')
/** Scheme version, connection id and field: a value opens only where it was sealed. */
const aadOf = ({ connectionId, field }: SecretBinding) => Buffer.from(`roster:connection-secret:v2\0${connectionId}\0${field}`)
/**
 * The binding in clear beside the ciphertext, so a value copied from elsewhere is named as such
 * rather than as a changed key (GCM alone cannot tell the two apart). It reveals nothing the
 * record around it does not already say.
 */
const labelOf = ({ connectionId, field }: SecretBinding) => Buffer.from(`${connectionId}\0${field}`)

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
    isSecure: () => true,
    seal(plain, binding) {
      const iv = randomBytes(IV_BYTES)
      const cipher = createCipheriv('aes-256-gcm', getKey(), iv).setAAD(aadOf(binding))
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      const parts = [labelOf(binding), iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url'))
      return `${box.scheme}:${BOUND}${parts.join('.')}`
    },
    open(sealed, binding) {
      const body = unseal(box, sealed)
      const legacy = !body.startsWith(BOUND)
      const parts = (legacy ? body : body.slice(BOUND.length)).split('.').map((part) => Buffer.from(part, 'base64url'))
      // The label only chooses the sentence; the authenticated data decides.
      if (!legacy && !parts.shift()?.equals(labelOf(binding))) throw new MisplacedSecretError()
      const [iv, tag, data] = parts
      if (!iv || !tag || !data) throw unreadable(box.scheme)
      try {
        const decipher = createDecipheriv('aes-256-gcm', getKey(), iv).setAAD(legacy ? LEGACY_AAD : aadOf(binding)).setAuthTag(tag)
        return { secret: Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8'), legacy }
      } catch {
        throw new ApiFailure('validation', 'A saved password could not be decrypted (the key file changed). Enter it again.')
      }
    },
  }
  return box
}
