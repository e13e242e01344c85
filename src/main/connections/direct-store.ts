import { z } from 'zod'
import type { ConnectionSummary } from '../../shared/schemas/connections'
import { sameSecretAddress, splitPassword, withPassword } from '../../shared/postgres-url'
import type { SecretField } from './secret-box'

/**
 * A saved connection's direct URL: the same database without the transaction pooler its main URL
 * goes through, for the change listener's LISTEN. Its password is sealed like the database's and
 * kept only for the user, host and port it was entered for.
 */
export const storedDirect = z.object({ url: z.string(), password: z.string().nullable() }).nullable().default(null)
export type StoredDirect = z.output<typeof storedDirect>

type Seal = (secret: string, field: SecretField) => string

/** The direct URL and password as typed (`password` undefined keeps the saved one, '' removes it). */
export function splitDirect(input: { directUrl: string; directPassword?: string }): { url: string; typed: string | undefined } | null {
  if (input.directUrl === '') return null
  const { url, password } = splitPassword(input.directUrl)
  return { url, typed: input.directPassword ?? password ?? undefined }
}

export function storeDirect(direct: ReturnType<typeof splitDirect>, previous: StoredDirect | undefined, seal: Seal): StoredDirect {
  if (!direct) return null
  const sameAddress = previous != null && sameSecretAddress('postgres', previous.url, direct.url)
  const password = direct.typed === undefined ? (sameAddress ? previous.password : null) : direct.typed === '' ? null : seal(direct.typed, 'direct.password')
  return { url: direct.url, password }
}

export const summarizeDirect = (direct: StoredDirect): ConnectionSummary['direct'] =>
  direct && { url: splitPassword(direct.url).url, hasPassword: direct.password !== null }

/** The direct URL to connect with, password included: main process only. */
export const openDirect = (direct: StoredDirect, open: (sealed: string | null, field: SecretField) => string | null): string | undefined =>
  direct ? withPassword(direct.url, open(direct.password, 'direct.password')) : undefined
