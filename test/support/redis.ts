import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { freePort } from './free-port'

export const REDIS_URL = process.env.ROSTER_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A key prefix of its own for each test run, so runs never see each other's keys. */
export const testKeyPrefix = () => `roster-test:${Date.now().toString(36)}${randomBytes(3).toString('hex')}`

/** Deletes every key under `prefix` (a scan is fine here; the app itself never scans). */
export async function deleteKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL)
  let deleted = 0
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 })) {
      const batch = keys as string[]
      if (batch.length > 0) deleted += await redis.unlink(...batch)
    }
  } finally {
    redis.disconnect()
  }
  return deleted
}

/** A plain client on the test Redis, to look behind the cache's back. */
export const redisClient = () => new Redis(REDIS_URL)

/**
 * A redis-server of the test's own on a free loopback port, that the test may kill and start again
 * on the same port (the shared Redis other tests use stays up). Without persistence, unless given
 * a `dataDir`: then SAVE writes a snapshot there, and a restart loads the last one.
 */
export async function startRedisServer(
  options: { dataDir?: string } = {},
): Promise<{ port: number; url: string; kill(): Promise<void>; start(): Promise<void> }> {
  const port = await freePort()
  let server: ChildProcess | null = null
  const persistence = options.dataDir ? ['--dir', options.dataDir, '--dbfilename', 'dump.rdb'] : []
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', ...persistence]
    const child = spawn('redis-server', args, { stdio: 'ignore' })
    server = child
    const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    probe.on('error', () => {})
    try {
      for (let attempt = 0; ; attempt++) {
        if (child.exitCode !== null) throw new Error(`redis-server on port ${port} exited with ${child.exitCode}`)
        if (await probe.connect().then(() => probe.ping(), () => null)) break
        if (attempt > 200) throw new Error(`redis-server on port ${port} did not start`)
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
    } finally {
      probe.disconnect()
    }
  }
  const kill = async () => {
    const child = server
    server = null
    if (!child || child.exitCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
  await start()
  return { port, url: `redis://127.0.0.1:${port}`, kill, start }
}

