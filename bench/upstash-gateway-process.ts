/**
 * `node scripts/run-ts.mjs bench/upstash-gateway-process.ts --token <t> --redis <url> [--latency <ms>]`:
 * the Upstash gateway fixture in a process of its own, as the real service is, so its HTTP and
 * Redis work is not done on the event loop of the Roster it serves. Prints `ready <url>`, then
 * serves until its standard input closes (the bench ending, however it ends).
 */
import { parseArgs } from 'node:util'
import { startUpstashGateway } from '../test/fixtures/upstash-gateway'

const { values } = parseArgs({ options: { token: { type: 'string' }, redis: { type: 'string' }, latency: { type: 'string', default: '0' } } })
if (!values.token || !values.redis) throw new Error('usage: --token <token> --redis <url> [--latency <ms>]')
const gateway = await startUpstashGateway({ token: values.token, redisUrl: values.redis, latencyMs: Number(values.latency) })
console.log(`ready ${gateway.url}`)
process.stdin.resume()
process.stdin.on('end', () => void gateway.close().then(() => process.exit(0)))
