import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { UpstashRequester } from '../../../src/main/cache/upstash-requester'

let server: Server | undefined

async function listen(): Promise<string> {
  server = createServer((request, response) => {
    request.resume().on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify({ result: 'PONG' }))
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`
}

afterEach(async () => {
  server?.closeAllConnections()
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined))
  server = undefined
})

describe('UpstashRequester', () => {
  it('retries a request on a kept-alive socket the server closed on a new connection, so a stopped server reads as refused', async () => {
    const requester = new UpstashRequester(await listen(), 'token', 2000)
    const ping = () => requester.request<string>({ body: ['PING'] })
    // Two requests at once leave two idle keep-alive sockets: a retry on the other one would fail alike.
    expect((await Promise.all([ping(), ping()])).map((answer) => answer.result)).toEqual(['PONG', 'PONG'])
    const stopped = server!
    stopped.closeAllConnections()
    stopped.close()
    // Sent in the same turn, before the client has read the server's FIN on its idle sockets.
    const error = await ping().catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'ECONNREFUSED' })
    requester.close()
  })
})
