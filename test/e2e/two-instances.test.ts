import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, ROOT, WEB_ENTRY } from './support/build'
import { exchangeLinkToken, READY } from './support/roster'

/** `node out/main/web.js --port 0` on the embedded database of `dataDir`, as `npm run web` runs it. */
function startWeb(dataDir: string) {
  const child: ChildProcess = spawn(process.execPath, [WEB_ENTRY, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ROSTER_DATA_DIR: dataDir, ROSTER_DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  /**
   * Resolves with its address once it is ready, or with its exit code if it ends first. The first
   * open of a folder migrates and seeds it, which takes a while on a busy machine.
   */
  const outcome = new Promise<{ ready: { origin: string; token: string } } | { exitCode: number | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Roster neither started nor exited within 150 s:\n${output}`)), 150_000)
    const settle = (result: { ready: { origin: string; token: string } } | { exitCode: number | null }) => {
      clearTimeout(timer)
      resolve(result)
    }
    child.stdout!.on('data', () => {
      const match = READY.exec(output)
      if (match) settle({ ready: { origin: match[1]!, token: match[2]! } })
    })
    void exited.then((exitCode) => settle({ exitCode }))
  })
  return {
    outcome,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      const code = await exited
      clearTimeout(killer)
      return code
    },
  }
}

async function call(origin: string, token: string, method: string, input: unknown) {
  const response = await fetch(`${origin}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  })
  return (await response.json()) as { ok: boolean; data?: { total?: number; rows?: { email: string }[] }; error?: { message: string } }
}

describe('two browser-mode Rosters on one data folder', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-two-'))
  const running: ReturnType<typeof startWeb>[] = []
  beforeAll(() => ensureBuilt(), 240_000)
  afterAll(async () => {
    await Promise.allSettled(running.map((r) => r.stop()))
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('the second exits with a message naming the folder; the first keeps serving and keeps its saves', async () => {
    const first = startWeb(dataDir)
    running.push(first)
    // The second starts once the first holds the folder, while the first still creates, migrates and seeds it.
    await expect.poll(() => existsSync(`${join(dataDir, 'embedded')}.lock`)).toBe(true)
    const second = startWeb(dataDir)
    running.push(second)
    const refused = await second.outcome
    expect(refused, second.output()).toEqual({ exitCode: expect.any(Number) })
    expect((refused as { exitCode: number }).exitCode).not.toBe(0)
    expect(second.output()).toContain(join(dataDir, 'embedded'))

    const started = await first.outcome
    if (!('ready' in started)) throw new Error(`the first Roster exited (${started.exitCode}):\n${first.output()}`)
    const { origin } = started.ready
    // The printed token opens one session; API calls carry that session.
    const token = await exchangeLinkToken(origin, started.ready.token)
    // The first still answers, and what it acknowledges is there after a restart.
    const listed = await call(origin, token, 'users.list', { limit: 1 })
    expect(listed, JSON.stringify(listed)).toMatchObject({ ok: true, data: { total: 200 } })
    const saved = await call(origin, token, 'users.save', { inserts: [{ clientId: 'a', name: 'Ann Second', email: 'ann.second@example.com' }] })
    expect(saved, JSON.stringify(saved)).toMatchObject({ ok: true })
    expect(await first.stop()).toBe(0)

    // Closed, it let go of the folder: the next one starts and sees the save.
    const third = startWeb(dataDir)
    running.push(third)
    const reopened = await third.outcome
    if (!('ready' in reopened)) throw new Error(`the third Roster exited (${reopened.exitCode}):\n${third.output()}`)
    const found = await call(reopened.ready.origin, await exchangeLinkToken(reopened.ready.origin, reopened.ready.token), 'users.list', { limit: 5, search: 'ann.second@example.com' })
    expect(found.data?.rows?.map((r) => r.email)).toEqual(['ann.second@example.com'])
  }, 400_000)
})
