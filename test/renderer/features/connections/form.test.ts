import { describe, expect, it } from 'vitest'
import { emptyAdvanced, keepsSavedDirectPassword, withSshAddress } from '../../../../src/renderer/src/features/connections/advanced-form'
import { emptyForm, formFromSummary, keepsSavedPassword, switchMode, testInputOf, validateForm, type ConnectionForm } from '../../../../src/renderer/src/features/connections/form'

const form = (changes: Partial<ConnectionForm>): ConnectionForm => ({ ...emptyForm, ...changes })
/** What Save and Test send for an Advanced group left as it is. */
const FINGERPRINT = `SHA256:${'a'.repeat(43)}`
const noAdvanced = { tls: { caCert: '', clientCert: '' }, ssh: null, readOnly: false }
const noAdvancedSummary = { tls: { caCert: '', clientCert: '', hasClientKey: false, hasKeyPassphrase: false }, ssh: null, readOnly: false, direct: null }

describe('connection form', () => {
  it('builds the URL from separate fields, carrying them over when switching', () => {
    const fields = form({ name: 'Staging', mode: 'fields', host: 'db.internal', port: '6543', database: 'app db', user: 'ann', sslmode: 'require' })
    const checked = validateForm(fields)
    expect(checked).toEqual({ input: { name: 'Staging', url: 'postgres://ann@db.internal:6543/app%20db?sslmode=require', password: '', cache: { kind: 'none' }, ...noAdvanced } })
    expect(switchMode(fields, 'url').url).toBe('postgres://ann@db.internal:6543/app%20db?sslmode=require')
    expect(switchMode(form({ url: 'postgres://bob@h:5433/x' }), 'fields')).toMatchObject({ host: 'h', port: '5433', database: 'x', user: 'bob' })
  })

  it('shows each problem on its own field, with the main process’s messages', () => {
    expect(validateForm(form({ name: ' ', url: 'http://x' }))).toEqual({
      errors: { name: 'Name is required', url: 'Enter a URL like postgres://user@host:5432/database' },
    })
    expect(validateForm(form({ name: 'X', mode: 'fields', host: '', port: '99999', database: '' }))).toEqual({
      errors: { host: 'Host is required', port: 'Port is a number from 1 to 65535', database: 'Database is required' },
    })
    expect(validateForm(form({ name: 'X', url: 'postgres://a@h/d', cacheKind: 'upstash', cacheUrl: 'https://x.upstash.io' }))).toEqual({
      errors: { cacheToken: 'The Upstash token is required' },
    })
  })

  it('keeps a saved password unless a new one is typed', () => {
    const editing = formFromSummary({
      id: '9b2f7c1e-8d1a-4c55-9f3e-2a6d8c1b7e40',
      kind: 'saved',
      name: 'Prod',
      label: 'h:5432/d',
      url: 'postgres://a@h:5432/d',
      hasPassword: true,
      cache: { kind: 'none' },
      ...noAdvancedSummary,
    })
    const unchanged = validateForm(editing)
    expect('input' in unchanged && 'password' in unchanged.input).toBe(false)
    expect(testInputOf(editing)).toEqual({ id: editing.id, url: 'postgres://a@h:5432/d', ...noAdvanced })
    expect(testInputOf({ ...editing, password: 'new' })).toEqual({ id: editing.id, url: 'postgres://a@h:5432/d', password: 'new', ...noAdvanced })
  })
  it('says a saved secret stays behind when the address changes, and carries the storage consent', () => {
    const editing = formFromSummary({
      id: '9b2f7c1e-8d1a-4c55-9f3e-2a6d8c1b7e40',
      kind: 'saved',
      name: 'Prod',
      label: 'db:5432/app',
      url: 'postgres://ann@db:5432/app',
      hasPassword: true,
      cache: { kind: 'upstash', url: 'https://one.upstash.io', hasToken: true },
      ...noAdvancedSummary,
    })
    expect(keepsSavedPassword({ ...editing, url: 'postgres://ann@db:5432/reports' })).toBe(true)
    expect(keepsSavedPassword({ ...editing, url: 'postgres://ann@elsewhere:5432/app' })).toBe(false)
    expect(validateForm({ ...editing, cacheUrl: 'https://two.upstash.io' })).toEqual({
      errors: { cacheToken: 'The saved token is for another URL: enter the token for this one.' },
    })
    expect(validateForm({ ...editing, allowInsecureStorage: true })).toMatchObject({ input: { allowInsecureStorage: true } })
    expect(validateForm({ ...editing, cacheUrl: 'http://one.upstash.io' })).toEqual({
      errors: {
        cacheUrl: 'Use an https:// URL: the token would cross the network in clear over http://',
        cacheToken: 'The saved token is for another URL: enter the token for this one.',
      },
    })
  })
  it('sends the Advanced group: certificates, the SSH tunnel with its trusted host key, read-only; saved secrets kept for their address only', () => {
    const editing = formFromSummary({
      id: '9b2f7c1e-8d1a-4c55-9f3e-2a6d8c1b7e40',
      kind: 'saved',
      name: 'Behind bastion',
      label: 'db:5432/app',
      url: 'postgres://ann@db:5432/app?sslmode=verify-full',
      hasPassword: false,
      cache: { kind: 'none' },
      tls: { caCert: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----', clientCert: '', hasClientKey: false, hasKeyPassphrase: false },
      ssh: { host: 'bastion', port: 22, user: 'ops', auth: 'key', hostKey: FINGERPRINT, hasPrivateKey: true, hasPassphrase: true, hasPassword: false },
      readOnly: true,
      direct: null,
    })
    expect(validateForm(editing)).toMatchObject({
      input: {
        tls: { caCert: '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----', clientCert: '' },
        ssh: { host: 'bastion', port: 22, user: 'ops', auth: 'key', hostKey: FINGERPRINT },
        readOnly: true,
      },
    })
    // Another SSH server: its host key is not trusted, and the saved key is not sent there.
    const moved = { ...editing, advanced: withSshAddress(editing.advanced, { sshHost: 'other-bastion' }) }
    expect(moved.advanced.sshHostKey).toBe('')
    expect(validateForm(moved)).toEqual({ errors: { sshPrivateKey: 'Paste the private key, or load it from a file' } })
    expect(validateForm(form({ name: 'X', url: 'postgres://a@h/d', advanced: { ...emptyAdvanced, ssh: true } }))).toEqual({
      errors: { sshHost: 'SSH host is required', sshUser: 'SSH user is required', sshPrivateKey: 'Paste the private key, or load it from a file' },
    })
  })

  it('sends the direct URL for live updates on Save only, keeping its saved password for the same address', () => {
    const editing = formFromSummary({
      id: '9b2f7c1e-8d1a-4c55-9f3e-2a6d8c1b7e40',
      kind: 'saved',
      name: 'Pooled',
      label: 'pooler:6543/app',
      url: 'postgres://ann@pooler:6543/app',
      hasPassword: true,
      cache: { kind: 'none' },
      ...noAdvancedSummary,
      direct: { url: 'postgres://ann@db:5432/app', hasPassword: true },
    })
    expect(keepsSavedDirectPassword(editing.advanced)).toBe(true)
    const checked = validateForm(editing)
    expect('input' in checked && checked.input).toMatchObject({ directUrl: 'postgres://ann@db:5432/app' })
    expect('input' in checked && 'directPassword' in checked.input).toBe(false)
    // Test checks the main URL only: the direct one is not part of its input.
    expect(testInputOf(editing)).toEqual({ id: editing.id, url: 'postgres://ann@pooler:6543/app', ...noAdvanced })
    const moved = { ...editing, advanced: { ...editing.advanced, directUrl: 'postgres://ann@elsewhere:5432/app', directPassword: 'typed' } }
    expect(keepsSavedDirectPassword(moved.advanced)).toBe(false)
    expect(validateForm(moved)).toMatchObject({ input: { directUrl: 'postgres://ann@elsewhere:5432/app', directPassword: 'typed' } })
    expect(validateForm({ ...editing, advanced: { ...editing.advanced, directUrl: 'http://nope' } })).toEqual({
      errors: { directUrl: 'Enter a URL like postgres://user@host:5432/database' },
    })
    // Redis through the SSH tunnel: only while the connection has one.
    const redis = { ...editing, cacheKind: 'redis' as const, cacheUrl: 'redis://10.0.0.5:6379', cacheThroughSsh: true }
    expect(validateForm(redis)).toMatchObject({ input: { cache: { kind: 'redis', url: 'redis://10.0.0.5:6379' } } })
    expect('input' in validateForm(redis) && JSON.stringify(validateForm(redis))).not.toContain('throughSsh')
    const tunnelled = { ...redis, advanced: { ...redis.advanced, ssh: true, sshHost: 'bastion', sshUser: 'ops', sshAuth: 'agent' as const } }
    expect(validateForm(tunnelled)).toMatchObject({ input: { cache: { kind: 'redis', url: 'redis://10.0.0.5:6379', throughSsh: true } } })
    // Emptied: no direct URL is sent, so none is kept.
    const cleared = validateForm({ ...editing, advanced: { ...editing.advanced, directUrl: '' } })
    expect('input' in cleared && 'directUrl' in cleared.input).toBe(false)
  })
})
