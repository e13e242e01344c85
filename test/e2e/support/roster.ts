/// <reference types="node" />
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, WEB_ENTRY } from './build'

export interface RunningRoster {
  /** The address Roster printed, its one-time token included: it opens one page, once. */
  url: string
  origin: string
  /** The printed one-time token. */
  token: string
  /**
   * A session credential for API calls from the test itself. The first call spends the printed
   * link (as a page opening it would), so a test that opens `url` in a page does that first.
   */
  session(): Promise<string>
  /** A fresh one-time link (`…/#token=…`) for one more page, asked for with the session. */
  freshLink(): Promise<string>
  /** Its own data folder (saved connections, key, embedded database), removed on stop. */
  dataDir: string
  /** Its process id, for a benchmark reading its memory (/proc/<pid>/status). */
  pid: number
  /** Everything it wrote to stdout and stderr, for failure messages. */
  output(): string
  stop(): Promise<void>
}

async function post<T>(origin: string, path: string, credential: string): Promise<T> {
  const response = await fetch(new URL(path, origin), { method: 'POST', headers: { authorization: `Bearer ${credential}` } })
  const body = (await response.json()) as T
  if (!response.ok) throw new Error(`POST /${path} answered ${response.status}: ${JSON.stringify(body)}`)
  return body
}

/** Trades a printed (one-time) token for a session credential, as the page does; works once per token. */
export async function exchangeLinkToken(origin: string, token: string): Promise<string> {
  return (await post<{ session: string }>(origin, 'session', token)).session
}

/** The line browser mode prints once it serves: its address and one-time token. */
export const READY = /^Roster is running at (http:\/\/127\.0\.0\.1:\d+\/)#token=([A-Za-z0-9_-]+)$/m

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
}

/** Starts `node out/main/web.js --database <url> --port 0` and waits for its one ready line. */
export async function startRoster(databaseUrl: string, timeoutMs = 30_000): Promise<RunningRoster> {
  const dataDir = mkdtempSync(join(tmpdir(), 'roster-e2e-data-'))
  const child = spawn(process.execPath, [WEB_ENTRY, '--database', databaseUrl, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ROSTER_DATA_DIR: dataDir, ROSTER_DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited(child)
      clearTimeout(killer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    const [, origin, token] = await new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Roster did not print its address within ${timeoutMs} ms:\n${output}`)), timeoutMs)
      const check = () => {
        const match = READY.exec(output)
        if (match) {
          clearTimeout(timer)
          resolve(match)
        }
      }
      child.stdout!.on('data', check)
      child.once('exit', (code) => {
        clearTimeout(timer)
        reject(new Error(`Roster exited with code ${code} before it was ready:\n${output}`))
      })
    })
    let session: Promise<string> | undefined
    const signIn = () => (session ??= exchangeLinkToken(origin!, token!))
    return {
      url: `${origin}#token=${token}`,
      origin: origin!,
      token: token!,
      session: signIn,
      freshLink: async () => (await post<{ url: string }>(origin!, 'session/link', await signIn())).url,
      dataDir,
      pid: child.pid!,
      output: () => output,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
