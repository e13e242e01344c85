import { describe, expect, it } from 'vitest'
import { parseLaunchOptions } from '../../src/main/args'

describe('launch options', () => {
  it('takes --database and --port, else the environment, else the embedded database on any port', () => {
    expect(parseLaunchOptions(['--database', 'postgres://h/db', '--port', '8080'], {})).toEqual({ databaseUrl: 'postgres://h/db', port: 8080 })
    expect(parseLaunchOptions([], { ROSTER_DATABASE_URL: 'postgres://env/db' })).toEqual({ databaseUrl: 'postgres://env/db', port: 0 })
    expect(parseLaunchOptions(['.'], {})).toEqual({ databaseUrl: null, port: 0 })
  })

  it('refuses a port that is not one', () => {
    expect(() => parseLaunchOptions(['--port', 'http'], {})).toThrow('--port must be a number from 0 to 65535, not http')
    expect(() => parseLaunchOptions(['--port', '70000'], {})).toThrow('--port must be')
  })
})
