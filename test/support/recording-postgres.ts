import { createServer, type Socket } from 'node:net'

/**
 * A loopback listener that speaks just enough of PostgreSQL's protocol to ask for a password in
 * clear (AuthenticationCleartextPassword), records every byte a client sends, then refuses the
 * login. It shows what a client would hand to a server it was pointed at.
 */
export interface RecordingServer {
  port: number
  /** Everything received so far, from every connection. */
  received(): Buffer
  /** How many clients sent a startup message. */
  startups(): number
  stop(): Promise<void>
}

const SSL_REQUEST = 80877103

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.concat([Buffer.from(`SFATAL\0C${code}\0M${message}\0`), Buffer.from([0])])
  const header = Buffer.alloc(5)
  header.write('E', 0)
  header.writeInt32BE(fields.length + 4, 1)
  return Buffer.concat([header, fields])
}

export async function startRecordingServer(): Promise<RecordingServer> {
  const chunks: Buffer[] = []
  let startups = 0
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => {})
    let started = false
    socket.on('data', (data) => {
      chunks.push(data)
      if (!started && data.length >= 8 && data.readInt32BE(4) === SSL_REQUEST) return void socket.write('N')
      if (!started) {
        started = true
        startups++
        // Authentication request, type 3: send the password in clear.
        const ask = Buffer.alloc(9)
        ask.write('R', 0)
        ask.writeInt32BE(8, 1)
        ask.writeInt32BE(3, 5)
        return void socket.write(ask)
      }
      socket.end(errorResponse('28P01', 'password authentication failed'))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    port,
    received: () => Buffer.concat(chunks),
    startups: () => startups,
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}
