import { EventSource } from 'eventsource'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LiveChanges } from '../../../src/main/events/live-changes'
import { startWebServer, type WebServer } from '../../../src/main/web/server'
import { rosterEvent, type RosterEvent } from '../../../src/shared/contract'
import { openApi } from '../../support/api'
import { temporaryDataDir } from '../../support/connections'

describe('browser mode event stream (GET /events)', () => {
  const live = new LiveChanges()
  let ctx: Awaited<ReturnType<typeof openApi>>
  let server: WebServer
  let renderer: ReturnType<typeof temporaryDataDir>
  const sources: EventSource[] = []

  const signIn = async (token: string) => {
    const response = await fetch(`${server.url}session`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    return ((await response.json()) as { session: string }).session
  }
  const freshLink = async (session: string) => {
    const response = await fetch(`${server.url}session/link`, { method: 'POST', headers: { authorization: `Bearer ${session}` } })
    return new URL(((await response.json()) as { url: string }).url).hash.slice('#token='.length)
  }
  /** A tab's stream, as the renderer opens it: the session credential in the Authorization header. */
  const stream = (credential: string) => {
    const received: RosterEvent[] = []
    const source = new EventSource(`${server.url}events`, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init?.headers, authorization: `Bearer ${credential}` } }),
    })
    source.onmessage = (message) => received.push(rosterEvent.parse(JSON.parse(message.data)))
    sources.push(source)
    return received
  }

  beforeAll(async () => {
    ctx = await openApi('pglite', { announcer: live })
    await live.follow(ctx.session)
    renderer = temporaryDataDir()
    server = await startWebServer({ dispatcher: ctx.api, rendererDir: renderer.dir, port: 0, events: live })
  })
  afterAll(async () => {
    sources.forEach((source) => source.close())
    await server?.close()
    await live.close()
    await ctx?.close()
    renderer?.remove()
  })

  it('refuses a request without a session', async () => {
    const response = await fetch(`${server.url}events`)
    expect(response.status).toBe(401)
    const wrong = await fetch(`${server.url}events`, { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
  })

  it('streams each tab the current state, then every save; the tab that saved hears it as its own', async () => {
    const first = await signIn(server.token)
    const second = await signIn(await freshLink(first))
    const [mine, theirs] = [stream(first), stream(second)]
    await expect.poll(() => [mine.length, theirs.length]).toEqual([1, 1])
    expect(theirs[0]).toEqual({ kind: 'live', state: 'live', message: null, resync: false })

    const response = await fetch(`${server.url}api/users.save`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${first}` },
      body: JSON.stringify({ inserts: [{ clientId: 'a', name: 'Streamed', email: 'streamed@example.com' }] }),
    })
    expect(response.status).toBe(200)
    await expect.poll(() => [mine.length, theirs.length]).toEqual([2, 2])
    expect(mine[1]).toMatchObject({ kind: 'change', resource: 'users', byYou: true })
    expect(theirs[1]).toMatchObject({ kind: 'change', resource: 'users', byYou: false })
  })
})
