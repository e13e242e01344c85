import { mkdirSync, writeFileSync } from 'node:fs'
import { z } from 'zod'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dispatcher } from '../../../src/main/api'
import { queryRows } from '../../../src/main/db/client'
import { startWebServer, type WebServer } from '../../../src/main/web/server'
import { openApi } from '../../support/api'
import { temporaryDataDir } from '../../support/connections'

interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A raw HTTP request, so headers fetch() would fix (Host) can be set as an attacker would. */
function send(port: number, path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
    })
    req.on('error', reject)
    req.end(options.body)
  })
}

describe('browser mode HTTP server', () => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let server: WebServer
  let renderer: ReturnType<typeof temporaryDataDir>
  /** The session credential the printed token was exchanged for (in beforeAll). */
  let session: string
  const calls: string[] = []

  const api = (method: string, body: unknown, headers: Record<string, string> = {}) =>
    send(server.port, `/api/${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session}`, ...headers },
      body: JSON.stringify(body),
    })
  /** What the page does with the token in its URL: trade it for a session credential. */
  const exchange = (token: string, headers: Record<string, string> = {}) =>
    send(server.port, '/session', { method: 'POST', headers: { authorization: `Bearer ${token}`, ...headers } })
  const userCount = async () => Number((await queryRows(ctx.test.database.db, z.object({ n: z.number() }), sql`select count(*)::int as n from users`))[0]!.n)

  beforeAll(async () => {
    ctx = await openApi('postgres')
    renderer = temporaryDataDir()
    mkdirSync(join(renderer.dir, 'assets'))
    writeFileSync(join(renderer.dir, 'index.html'), '<!doctype html><title>Roster</title><script type="module" src="/assets/app.js"></script>')
    writeFileSync(join(renderer.dir, 'assets', 'app.js'), 'console.log("roster")')
    writeFileSync(join(renderer.dir, 'assets', 'app.css'), 'body{}')
    // Records what reaches the real dispatcher, to prove refused requests never do.
    const dispatcher: Dispatcher = { call: (method, input) => (calls.push(method), ctx.api.call(method, input)) }
    server = await startWebServer({ dispatcher, rendererDir: renderer.dir, port: 0 })
    const exchanged = await exchange(server.token)
    expect(exchanged.status).toBe(200)
    session = (JSON.parse(exchanged.body) as { session: string }).session
  })
  afterAll(async () => {
    await server?.close()
    await ctx?.close()
    renderer?.remove()
  })

  it('listens on loopback with a long random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
    expect(server.openUrl).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`)
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('trades the printed token once for a fresh session credential', () => {
    expect(session).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(session).not.toBe(server.token)
  })

  it('refuses a replay of the printed token with 401 once its session is used, and says what to do', async () => {
    expect((await api('connections.list', {})).status).toBe(200)
    const before = calls.length
    const replay = await exchange(server.token)
    expect(replay.status).toBe(401)
    expect(replay.headers['cache-control']).toBe('no-store')
    const { error } = JSON.parse(replay.body) as { error: string }
    expect(error).toMatch(/already used/)
    expect(error).toContain('npm run web')
    // Unknown tokens, other schemes, and session credentials are not links either.
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${server.token}`, `Bearer ${session}`]) {
      const reply = await send(server.port, '/session', { method: 'POST', headers: authorization ? { authorization } : {} })
      expect(reply.status).toBe(401)
    }
    expect((await send(server.port, '/session', { headers: { authorization: `Bearer ${server.token}` } })).status).toBe(405)
    expect(calls.length).toBe(before)
  })

  it('accepts only session credentials on the API, never the printed token', async () => {
    const before = calls.length
    const reply = await api('connections.list', {}, { authorization: `Bearer ${server.token}` })
    expect(reply.status).toBe(401)
    expect(calls.length).toBe(before)
    expect((await api('connections.list', {})).status).toBe(200)
  })

  it('gives a signed-in client a fresh one-time link, which opens one more session', async () => {
    const minted = await send(server.port, '/session/link', { method: 'POST', headers: { authorization: `Bearer ${session}` } })
    expect(minted.status).toBe(200)
    const { url } = JSON.parse(minted.body) as { url: string }
    const token = /^http:\/\/127\.0\.0\.1:\d+\/#token=([A-Za-z0-9_-]{43})$/.exec(url)?.[1]
    expect(token).toBeDefined()
    expect(token).not.toBe(server.token)
    const second = await exchange(token!)
    expect(second.status).toBe(200)
    const other = (JSON.parse(second.body) as { session: string }).session
    expect(other).not.toBe(session)
    // Both sessions work, side by side; the link is spent once its session is used.
    expect((await api('connections.list', {}, { authorization: `Bearer ${other}` })).status).toBe(200)
    expect((await exchange(token!)).status).toBe(401)
    expect((await api('connections.list', {})).status).toBe(200)
    // Only a session may ask: not the printed token, not a used link, not nobody.
    for (const authorization of [`Bearer ${server.token}`, `Bearer ${token}`, 'Bearer wrong']) {
      expect((await send(server.port, '/session/link', { method: 'POST', headers: { authorization } })).status).toBe(401)
    }
  })

  it('answers only to its own host name when trading tokens too', async () => {
    const minted = await send(server.port, '/session/link', { method: 'POST', headers: { authorization: `Bearer ${session}` } })
    const token = new URL((JSON.parse(minted.body) as { url: string }).url).hash.slice('#token='.length)
    expect((await exchange(token, { host: `evil.example:${server.port}` })).status).toBe(421)
    // Refused by the Host check, the link is still unused.
    expect((await exchange(token)).status).toBe(200)
  })

  it('answers API calls that carry the token', async () => {
    const reply = await api('users.save', { inserts: [{ clientId: 'a', name: 'Ann Lee', email: 'ann@example.com' }] })
    expect(reply.status).toBe(200)
    expect(reply.headers['content-type']).toBe('application/json; charset=utf-8')
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, data: { inserted: [{ clientId: 'a' }] } })
    expect(await userCount()).toBe(1)
  })

  it('returns refusals as data: validation errors with their fields', async () => {
    const reply = await api('users.save', { inserts: [{ clientId: 'b', name: 'Ben', email: 'not-an-email' }] })
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'validation', fieldErrors: [{ rowId: 'b', field: 'email' }] } })
  })

  it('refuses a call without the right token with 401, touching nothing', async () => {
    const before = calls.length
    const count = await userCount()
    const body = { inserts: [{ clientId: 'x', name: 'Mallory', email: 'mallory@example.com' }] }
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${session}x`, `Basic ${session}`, session, `Bearer ${server.token}`]) {
      const headers: Record<string, string> = { 'content-type': 'application/json' }
      if (authorization) headers.authorization = authorization
      const reply = await send(server.port, '/api/users.save', { method: 'POST', headers, body: JSON.stringify(body) })
      expect(reply.status).toBe(401)
      expect(reply.headers['www-authenticate']).toBe('Bearer')
    }
    expect(calls.length).toBe(before)
    expect(await userCount()).toBe(count)
  })

  it('answers only to its own host name, against DNS rebinding', async () => {
    const before = calls.length
    for (const host of ['evil.example:80', `evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`]) {
      const reply = await api('connections.list', {}, { host })
      expect(reply.status).toBe(421)
      expect((await send(server.port, '/', { headers: { host } })).status).toBe(421)
    }
    expect(calls.length).toBe(before)
    expect((await api('connections.list', {}, { host: `localhost:${server.port}` })).status).toBe(200)
  })

  it('refuses bodies that are not JSON, malformed or too large', async () => {
    const before = calls.length
    expect((await api('users.list', {}, { 'content-type': 'text/plain' })).status).toBe(415)
    const malformed = await send(server.port, '/api/users.list', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
      body: '{"limit": ',
    })
    expect(malformed.status).toBe(400)
    const huge = await send(server.port, '/api/users.list', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session}` },
      body: Buffer.alloc(6 * 1024 * 1024, 0x20),
    })
    expect(huge.status).toBe(413)
    expect((await send(server.port, '/api/users.list', { headers: { authorization: `Bearer ${session}` } })).status).toBe(405)
    expect(calls.length).toBe(before)
  })

  it('names an unknown method as a not_found result', async () => {
    expect(JSON.parse((await api('users.drop', {})).body)).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no API method named users.drop' } })
  })

  it('serves the renderer with content types, a CSP and an SPA fallback', async () => {
    const index = await send(server.port, '/')
    expect(index.status).toBe(200)
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(index.headers['content-security-policy']).toContain("script-src 'self'")
    expect(index.headers['content-security-policy']).toContain("connect-src 'self'")
    expect(index.headers['x-content-type-options']).toBe('nosniff')
    expect(index.body).toContain('<title>Roster</title>')

    const script = await send(server.port, '/assets/app.js')
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(script.body).toBe('console.log("roster")')
    expect((await send(server.port, '/assets/app.css')).headers['content-type']).toBe('text/css; charset=utf-8')

    const route = await send(server.port, '/users/some-screen')
    expect(route.status).toBe(200)
    expect(route.body).toContain('<title>Roster</title>')

    expect((await send(server.port, '/assets/missing.js')).status).toBe(404)
    // Dot segments the URL parser resolves stay inside the renderer (an app route: index.html)…
    const resolved = await send(server.port, '/%2e%2e/%2e%2e/etc/passwd')
    expect(resolved.body).not.toContain('root:')
    expect(resolved.body).toContain('<title>Roster</title>')
    // …and ones hidden behind an encoded slash are refused outright.
    for (const escape of ['/..%2f..%2f..%2f..%2fetc%2fpasswd', '/assets/..%2f..%2f..%2fetc%2fpasswd', '/..%5c..%5cetc%5cpasswd']) {
      const reply = await send(server.port, escape)
      expect(reply.status).toBe(400)
      expect(reply.body).not.toContain('root:')
    }
    expect((await send(server.port, '/assets/%00.js')).status).toBe(400)
    expect((await send(server.port, '/', { method: 'DELETE' })).status).toBe(405)
    expect((await send(server.port, '/', { headers: { origin: 'http://evil.example' } })).headers['access-control-allow-origin']).toBeUndefined()
  })
})
