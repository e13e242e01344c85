import { describe, expect, it } from 'vitest'
import {
  buildPostgresUrl,
  connectTimeoutOf,
  describePostgresUrl,
  parsePostgresFields,
  postgresUrlProblems,
  sameSecretAddress,
  splitPassword,
  withDefaultConnectTimeout,
  withPassword,
} from '../../src/shared/postgres-url'

// The one module that reads and writes PostgreSQL URLs, for the connection form and for main.
describe('PostgreSQL URLs', () => {
  it('round-trips the form fields, encoding what needs it', () => {
    const url = buildPostgresUrl({ host: 'db.example', port: 6543, database: 'sales db', user: 'ann@corp', sslmode: 'require' })
    expect(url).toBe('postgres://ann%40corp@db.example:6543/sales%20db?sslmode=require')
    expect(parsePostgresFields(url)).toEqual({ host: 'db.example', port: 6543, database: 'sales db', user: 'ann@corp', sslmode: 'require' })
    expect(parsePostgresFields('postgresql://h/db')).toMatchObject({ port: 5432, user: '', sslmode: 'prefer' })
    expect(parsePostgresFields('mysql://h/db')).toBeNull()
    expect(parsePostgresFields('not a url')).toBeNull()
  })

  it('describes a URL by host, port and database, never its password', () => {
    expect(describePostgresUrl('postgres://ann:s3cret@db.example/crm?sslmode=require')).toBe('db.example:5432/crm')
    expect(describePostgresUrl('nonsense')).toBe('the database server')
  })

  it('says what is wrong with a typed URL', () => {
    expect(postgresUrlProblems('postgres://ann@db.example/crm')).toEqual([])
    expect(postgresUrlProblems('http://db.example/crm')).toEqual(['Enter a URL like postgres://user@host:5432/database'])
    expect(postgresUrlProblems('postgres://db.example/?sslmode=sometimes')).toEqual([
      'The URL has no database name (…:5432/database)',
      'sslmode=sometimes is not one of disable, allow, prefer, require, verify-ca, verify-full',
    ])
  })

  it('takes the password out, in the user info or as a parameter, and puts it back encoded', () => {
    expect(splitPassword('postgres://ann:p%40ss@h/db')).toEqual({ url: 'postgres://ann@h/db', password: 'p@ss' })
    expect(splitPassword('redis://h:6379/0?password=pw')).toEqual({ url: 'redis://h:6379/0', password: 'pw' })
    expect(splitPassword('postgres://ann@h/db')).toEqual({ url: 'postgres://ann@h/db', password: null })
    expect(withPassword('postgres://ann@h/db', 'p@ss')).toBe('postgres://ann:p%40ss@h/db')
    expect(withPassword('postgres://ann@h/db', null)).toBe('postgres://ann@h/db')
  })

  it('gives a default connect_timeout only to a URL without one', () => {
    expect(connectTimeoutOf(withDefaultConnectTimeout('postgres://h/db', 5))).toBe(5)
    expect(connectTimeoutOf(withDefaultConnectTimeout('postgres://h/db?connect_timeout=2', 5))).toBe(2)
    expect(connectTimeoutOf('postgres://h/db')).toBe(10)
    expect(connectTimeoutOf('not a url')).toBe(10)
  })

  it('binds a secret to the user, host and port, whatever the database name or the host’s case', () => {
    expect(sameSecretAddress('postgres', 'postgres://ann@DB.example/a', 'postgres://ann@db.example:5432/b')).toBe(true)
    expect(sameSecretAddress('postgres', 'postgres://ann@db.example/a', 'postgres://bob@db.example/a')).toBe(false)
    expect(sameSecretAddress('redis', 'redis://h:6379/0', 'redis://h/1')).toBe(true)
    expect(sameSecretAddress('postgres', 'not a url', 'postgres://h/db')).toBe(false)
  })
})
