import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'

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
