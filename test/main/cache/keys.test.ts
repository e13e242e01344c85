import { hostname } from 'node:os'
import { describe, expect, it } from 'vitest'
import { decodeValue, encodeValue } from '../../../src/main/cache/codec'
import { databaseIdentity, entryKey, namespaceOf, pageKeyOf } from '../../../src/main/cache/keys'

describe('database identity', () => {
  it('is host, port and database name: never the user or the password', () => {
    const identity = databaseIdentity({ kind: 'postgres', url: 'postgres://admin:s3cret-pw@db.example.com:6543/sales?sslmode=require' })
    expect(identity).toBe('postgres:db.example.com:6543/sales')
    expect(databaseIdentity({ kind: 'postgres', url: 'postgres://other:pw2@DB.example.com:6543/sales' })).toBe(identity)
    expect(databaseIdentity({ kind: 'postgres', url: 'postgres://admin@db.example.com/sales' })).toBe('postgres:db.example.com:5432/sales')
    expect(databaseIdentity({ kind: 'postgres', url: 'postgres://admin@db.example.com:6543/hr' })).not.toBe(identity)
  })

  it('names the machine for loopback hosts and the embedded database, which differ on every machine', () => {
    expect(databaseIdentity({ kind: 'postgres', url: 'postgres://postgres@127.0.0.1:5432/roster' })).toBe(`postgres:127.0.0.1@${hostname()}:5432/roster`)
    expect(databaseIdentity({ kind: 'embedded', dataDir: '/home/ann/.config/Roster/embedded' })).toBe(
      `embedded:${hostname()}:/home/ann/.config/Roster/embedded`,
    )
    expect(databaseIdentity({ kind: 'embedded', dataDir: 'memory://' })).toBeNull()
  })

  it('keys namespaces by a digest of the identity and the schema version', () => {
    const ns = namespaceOf('roster', 'postgres:db.example.com:5432/sales', '0001_schema')
    expect(ns).toMatch(/^roster:[\w-]{16}:0001_schema$/)
    expect(ns).not.toContain('example')
    expect(namespaceOf('roster', 'postgres:db.example.com:5432/sales', '0002_next')).not.toBe(ns)
  })

  it('gives equal queries equal keys whatever the order of their fields, and each stamp its own', () => {
    const a = entryKey(pageKeyOf('ns', 'users', { limit: 10, filters: { name: 'a', email: undefined }, sort: [] }), 'e1.1.2.3')
    expect(entryKey(pageKeyOf('ns', 'users', { sort: [], filters: { name: 'a' }, limit: 10 }), 'e1.1.2.3')).toBe(a)
    expect(entryKey(pageKeyOf('ns', 'users', { sort: [], filters: { name: 'a' }, limit: 10 }), 'e1.1.2.4')).not.toBe(a)
    expect(entryKey(pageKeyOf('ns', 'users', { sort: [], filters: { name: 'a' }, limit: 10 }), 'e2.1.2.3')).not.toBe(a)
    expect(entryKey(pageKeyOf('ns', 'users', { sort: [], filters: { name: 'b' }, limit: 10 }), 'e1.1.2.3')).not.toBe(a)
  })
})

describe('value codec', () => {
  it('brings back nulls, dates, nested values and unicode as they went in', () => {
    const value = { a: null, at: new Date('2025-01-02T03:04:05.678Z'), list: [1, 'two', null, { deep: new Date(0) }], text: 'Zoë 👩‍💻' }
    const back = decodeValue(encodeValue(value)) as typeof value
    expect(back).toEqual(value)
    expect(back.at).toBeInstanceOf(Date)
    expect(back.list[3]).toEqual({ deep: new Date(0) })
  })

  it('keeps ISO strings strings, and reads text it did not write as a miss', () => {
    expect(decodeValue(encodeValue({ createdAt: '2025-01-02T03:04:05.678Z' }))).toEqual({ createdAt: '2025-01-02T03:04:05.678Z' })
    expect(encodeValue({ n: 1 })).toBe('J{"n":1}')
    expect(decodeValue('{"n":1}')).toBeUndefined()
    expect(decodeValue('J{broken')).toBeUndefined()
  })
})
