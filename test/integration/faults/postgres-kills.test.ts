import { spawn } from 'node:child_process'
import { resolve } from 'node:path'
import postgres from 'postgres'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Result } from '../../../src/shared/result'
import { ADMIN_URL } from '../../support/databases'

const SCRIPT = resolve(import.meta.dirname, 'roster-under-fire.ts')
const RUN_TS = resolve(import.meta.dirname, '../../../scripts/run-ts.mjs')
const SCENARIOS = ['locked-save', 'locked-read', 'reserved', 'storm:50']

interface Run {
  code: number | null
  stderr: string
  results: Map<string, unknown>
}

/**
 * Runs scenarios of roster-under-fire.ts in a Node process of its own: the driver bug pinned here
 * ends its process, which must fail these tests rather than the test runner's worker. (One
 * process for all: starting one costs seconds of TypeScript loading.)
 */
async function runScenarios(scenarios: string[]): Promise<Run> {
  const child = spawn(process.execPath, [RUN_TS, SCRIPT, ...scenarios], { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('close', done))
  const database = /^DATABASE (\S+)$/m.exec(stdout)?.[1]
  if (code !== 0 && database) {
    // The process could not clean up after itself.
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} })
    await admin.unsafe(`drop database if exists "${database}" with (force)`).finally(() => admin.end())
  }
  const results = new Map([...stdout.matchAll(/^RESULT (\S+) (.*)$/gm)].map(([, name, json]) => [name!, JSON.parse(json!) as unknown]))
  return { code, stderr, results }
}

let run: Run

beforeAll(async () => {
  run = await runScenarios(SCENARIOS)
}, 150_000)

/** The scenario's result; it exists only if the process lived through the scenario. */
function resultOf(scenario: string): unknown {
  expect(run.stderr).not.toMatch(/TypeError|Cannot read properties of null/)
  const result = run.results.get(scenario)
  expect(result, `no result for ${scenario}: the process exited with ${run.code}\n${run.stderr}`).toBeDefined()
  return result
}

const lostConnection = { ok: false, error: { code: 'connection', message: 'The connection to the database was lost. Try again.' } }

describe('a PostgreSQL backend killed under a call', () => {
  it('during a save waiting for a row lock: the save answers `connection`, nothing is written, the process answers the next call', () => {
    expect(resultOf('locked-save')).toEqual({ answer: lostConnection, next: 'ok', storedName: expect.stringMatching(/^Person 0 /) })
  })

  it('during a read, pooled and in a transaction of its own: the read answers `connection`, the process answers the next call', () => {
    expect(resultOf('locked-read')).toEqual([
      { answer: lostConnection, next: 'ok' },
      { answer: lostConnection, next: 'ok' },
    ])
  })

  it('on a reserved connection: the next query on it rejects with CONNECTION_CLOSED, and the pool stays whole', () => {
    expect(resultOf('reserved')).toEqual({ outcome: { ok: false, code: 'CONNECTION_CLOSED' }, poolAfterwards: [1, 2, 3, 4] })
  })

  it('the process ends normally after all of it', () => {
    expect(run.code, run.stderr).toBe(0)
  })
})

interface StormRound {
  round: number
  marker: string
  killed: number
  save: Result<unknown>
  reads: ({ ok: true } | Result<unknown>)[]
  unchanged: boolean
  applied: { names: number; inserts: number; roles: number }
  next: 'ok' | unknown
}

/** Words of SQL that a reply must never carry. */
const sqlText = /\b(select|insert|update|delete|from|where|values|returning)\b|\$\d|jsonb_to_recordset|"users"/i

describe('fault suite: PostgreSQL backends killed during reads and saves', () => {
  it('survives ≥ 50 kills: every failure is a typed error without SQL or values, no save is half-applied, the next call is answered', () => {
    const { kills, batchRows, rounds, afterwards } = resultOf('storm') as { kills: number; batchRows: number; rounds: StormRound[]; afterwards: unknown[] }
    expect(kills).toBeGreaterThanOrEqual(50)
    const saves = { applied: 0, refused: 0 }
    const whole = { names: batchRows, inserts: 2, roles: batchRows + 2 }
    const nothing = { names: 0, inserts: 0, roles: 0 }
    /** A reply is an answer, or a lost connection said as a sentence without SQL or the batch's values. */
    const verdict = (reply: StormRound['reads'][number], marker: string) =>
      reply.ok
        ? 'answered'
        : Object.keys(reply.error).sort().join() === 'code,message' &&
            reply.error.code === 'connection' &&
            !sqlText.test(reply.error.message) &&
            !reply.error.message.includes(marker)
          ? 'connection lost, said plainly'
          : reply
    for (const round of rounds) {
      const context = `round ${round.round}: ${JSON.stringify(round)}`
      for (const reply of [round.save, ...round.reads]) {
        expect(['answered', 'connection lost, said plainly'], context).toContainEqual(verdict(reply, round.marker))
      }
      // All or nothing. A kill landing between COMMIT and its reply may leave the whole batch
      // committed yet unacknowledged (no client can tell); never a part of it.
      expect(
        [
          { saved: true, applied: whole, unchanged: false },
          { saved: false, applied: nothing, unchanged: true },
          { saved: false, applied: whole, unchanged: false },
        ],
        context,
      ).toContainEqual({ saved: round.save.ok, applied: round.applied, unchanged: round.unchanged })
      saves[round.save.ok ? 'applied' : 'refused']++
      expect(round.next, context).toBe('ok')
    }
    // Kills did land mid-save, and saves after kills did go through: both halves were exercised.
    expect(saves.refused).toBeGreaterThan(0)
    expect(saves.applied).toBeGreaterThan(0)
    expect(afterwards).toEqual(Array.from({ length: 30 }, () => 'ok'))
  })
})
