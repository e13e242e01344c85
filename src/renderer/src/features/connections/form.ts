import { connectionSaveInput, type ConnectionSaveInput, type ConnectionSummary, type ConnectionTestInput } from '../../../../shared/schemas/connections'
import { buildPostgresUrl, parsePostgresFields, sameSecretAddress, type SslMode } from '../../../../shared/postgres-url'
import { advancedErrors, advancedFromSummary, advancedInputOf, directInputOf, advancedIssueField, emptyAdvanced, type AdvancedField, type AdvancedForm } from './advanced-form'

export type CacheKind = 'none' | 'redis' | 'upstash'

/** The add/edit form as typed: strings everywhere, both ways of giving the address kept. */
export interface ConnectionForm {
  id?: string
  name: string
  mode: 'url' | 'fields'
  url: string
  host: string
  port: string
  database: string
  user: string
  sslmode: SslMode
  password: string
  /** Editing a connection whose password is saved: a blank password keeps it (same user, host and port). */
  hasSavedPassword: boolean
  /** The address the saved password and token were entered for. */
  savedUrl: string
  savedCacheUrl: string
  cacheKind: CacheKind
  cacheUrl: string
  cacheToken: string
  hasSavedToken: boolean
  /** Redis is reached through the connection's SSH tunnel (when it has one). */
  cacheThroughSsh: boolean
  /** The admin agreed to store secrets where storage is not secure. */
  allowInsecureStorage: boolean
  /** Certificates, SSH tunnel, read-only (advanced-form.ts). */
  advanced: AdvancedForm
}

export type FormErrors = Partial<Record<keyof ConnectionForm | AdvancedField, string>>

export const emptyForm: ConnectionForm = {
  name: '',
  mode: 'url',
  url: '',
  host: 'localhost',
  port: '5432',
  database: '',
  user: 'postgres',
  sslmode: 'prefer',
  password: '',
  hasSavedPassword: false,
  savedUrl: '',
  savedCacheUrl: '',
  cacheKind: 'none',
  cacheUrl: '',
  cacheToken: '',
  hasSavedToken: false,
  cacheThroughSsh: false,
  allowInsecureStorage: false,
  advanced: emptyAdvanced,
}

export function formFromSummary(summary: ConnectionSummary): ConnectionForm {
  const fields = summary.url ? parsePostgresFields(summary.url) : null
  return {
    ...emptyForm,
    id: summary.id,
    name: summary.name,
    url: summary.url ?? '',
    ...(fields ? { ...fields, port: String(fields.port) } : {}),
    hasSavedPassword: summary.hasPassword,
    savedUrl: summary.url ?? '',
    savedCacheUrl: summary.cache.kind === 'none' ? '' : summary.cache.url,
    cacheKind: summary.cache.kind,
    cacheUrl: summary.cache.kind === 'none' ? '' : summary.cache.url,
    hasSavedToken: summary.cache.kind === 'upstash' && summary.cache.hasToken,
    cacheThroughSsh: summary.cache.kind === 'redis' && summary.cache.throughSsh === true,
    advanced: advancedFromSummary(summary),
  }
}

/** Switching between "URL" and "Fields" carries what was typed over to the other side. */
export function switchMode(form: ConnectionForm, mode: ConnectionForm['mode']): ConnectionForm {
  if (mode === form.mode) return form
  if (mode === 'url') return { ...form, mode, url: urlOf(form) ?? form.url }
  const fields = parsePostgresFields(form.url)
  return { ...form, mode, ...(fields ? { ...fields, port: String(fields.port) } : {}) }
}

function fieldErrors(form: ConnectionForm): FormErrors {
  const errors: FormErrors = {}
  if (!form.host.trim()) errors.host = 'Host is required'
  const port = Number(form.port)
  if (!Number.isInteger(port) || port < 1 || port > 65535) errors.port = 'Port is a number from 1 to 65535'
  if (!form.database.trim()) errors.database = 'Database is required'
  if (!form.user.trim()) errors.user = 'User is required'
  return errors
}

/** The PostgreSQL URL the form describes (without password), or null while the fields are incomplete. */
export function urlOf(form: ConnectionForm): string | null {
  if (form.mode === 'url') return form.url.trim()
  if (Object.keys(fieldErrors(form)).length > 0) return null
  return buildPostgresUrl({ ...form, port: Number(form.port) })
}

/** A blank password keeps the saved one only for the address it was entered for (as main decides). */
export function keepsSavedPassword(form: ConnectionForm): boolean {
  const url = urlOf(form)
  return form.hasSavedPassword && url !== null && sameSecretAddress('postgres', form.savedUrl, url)
}

/** A blank token keeps the saved one only for the URL it was entered for. */
export function keepsSavedToken(form: ConnectionForm): boolean {
  return form.hasSavedToken && sameSecretAddress('upstash', form.savedCacheUrl, form.cacheUrl)
}

function saveInputOf(form: ConnectionForm): ConnectionSaveInput {
  const cache: ConnectionSaveInput['cache'] =
    form.cacheKind === 'redis'
      ? { kind: 'redis', url: form.cacheUrl, ...(form.cacheThroughSsh && form.advanced.ssh ? { throughSsh: true } : {}) }
      : form.cacheKind === 'upstash'
        ? { kind: 'upstash', url: form.cacheUrl, ...(form.cacheToken ? { token: form.cacheToken } : {}) }
        : { kind: 'none' }
  return {
    ...(form.id ? { id: form.id } : {}),
    name: form.name,
    url: urlOf(form) ?? '',
    // Blank while editing keeps the saved password; blank on a new connection means none.
    ...(form.password || !form.hasSavedPassword ? { password: form.password } : {}),
    cache,
    ...advancedInputOf(form.advanced),
    ...directInputOf(form.advanced),
    ...(form.allowInsecureStorage ? { allowInsecureStorage: true } : {}),
  }
}

/** Where each input path's message is shown; the dialog maps main's field errors the same way. */
export const issueField: Record<string, keyof FormErrors> = {
  ...advancedIssueField,
  name: 'name',
  url: 'url',
  password: 'password',
  'cache.url': 'cacheUrl',
  'cache.token': 'cacheToken',
  'cache.throughSsh': 'cacheUrl',
  allowInsecureStorage: 'allowInsecureStorage',
}

/**
 * Checks the form with the same schema the main process parses with; returns the input to send,
 * or the message for each field. In "Fields" mode a URL problem is shown on the fields.
 */
export function validateForm(form: ConnectionForm): { input: ConnectionSaveInput } | { errors: FormErrors } {
  const errors: FormErrors = { ...(form.mode === 'fields' ? fieldErrors(form) : {}), ...advancedErrors(form.advanced) }
  const parsed = connectionSaveInput.safeParse(saveInputOf(form))
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = issueField[issue.path.join('.')]
      if (!field || (form.mode === 'fields' && field === 'url')) continue
      errors[field] ??= issue.message
    }
  }
  if (form.cacheKind === 'upstash' && !form.cacheToken && !keepsSavedToken(form)) {
    errors.cacheToken = form.hasSavedToken ? 'The saved token is for another URL: enter the token for this one.' : 'The Upstash token is required'
  }
  return Object.keys(errors).length > 0 ? { errors } : { input: saveInputOf(form) }
}

/** What the Test button sends: the typed address, reusing the saved password when left blank. */
export function testInputOf(form: ConnectionForm): ConnectionTestInput | { errors: FormErrors } {
  const errors: FormErrors = { ...(form.mode === 'fields' ? fieldErrors(form) : {}), ...advancedErrors(form.advanced) }
  const url = urlOf(form)
  if (form.mode === 'url' && !parsePostgresFields(form.url)) errors.url = 'Enter a URL like postgres://user@host:5432/database'
  if (Object.keys(errors).length > 0 || !url) return { errors }
  return { url, ...(form.id ? { id: form.id } : {}), ...(form.password ? { password: form.password } : {}), ...advancedInputOf(form.advanced) }
}
