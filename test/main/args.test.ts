import { describe, expect, it } from 'vitest'
import { parseLaunchOptions } from '../../src/main/args'

describe('launch options', () => {
  it('takes --database and --port, else the environment, else the embedded database on any port', () => {
    expect(parseLaunchOptions(['--database', 'postgres://h/db', '--port', '8080'], {})).toEqual({ databaseUrl: 'postgres://h/db', directDatabaseUrl: null, port: 8080, cacheTtlSeconds: 60, readOnly: false })
    expect(parseLaunchOptions([], { ROSTER_DATABASE_URL: 'postgres://env/db' })).toEqual({ databaseUrl: 'postgres://env/db', directDatabaseUrl: null, port: 0, cacheTtlSeconds: 60, readOnly: false })
    expect(parseLaunchOptions(['.'], {})).toEqual({ databaseUrl: null, directDatabaseUrl: null, port: 0, cacheTtlSeconds: 60, readOnly: false })
  })

  it('takes the cache TTL from --cache-ttl or ROSTER_CACHE_TTL, within bounds', () => {
    expect(parseLaunchOptions(['--cache-ttl', '15'], {}).cacheTtlSeconds).toBe(15)
    expect(parseLaunchOptions([], { ROSTER_CACHE_TTL: '300' }).cacheTtlSeconds).toBe(300)
    expect(() => parseLaunchOptions(['--cache-ttl', '0'], {})).toThrow('--cache-ttl must be a number of seconds from 1 to 86400, not 0')
  })

  it('takes --read-only', () => {
    expect(parseLaunchOptions(['--read-only', '--database', 'postgres://h/db'], {})).toMatchObject({ databaseUrl: 'postgres://h/db', readOnly: true })
  })

  it('refuses a port that is not one', () => {
    expect(() => parseLaunchOptions(['--port', 'http'], {})).toThrow('--port must be a number from 0 to 65535, not http')
    expect(() => parseLaunchOptions(['--port', '70000'], {})).toThrow('--port must be')
  })
})
