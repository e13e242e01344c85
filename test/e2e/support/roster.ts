/// <reference types="node" />
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, WEB_ENTRY } from './build'

export interface RunningRoster {
  /** The address Roster printed, token included. */
  url: string
  origin: string
  token: string
  /** Its own data folder (saved connections, key, embedded database), removed on stop. */
  dataDir: string
  /** Everything it wrote to stdout and stderr, for failure messages. */
  output(): string
  stop(): Promise<void>
}

const READY = /^Roster is running at (http:\/\/127\.0\.0\.1:\d+\/)#token=([A-Za-z0-9_-]+)$/m

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
    return { url: `${origin}#token=${token}`, origin: origin!, token: token!, dataDir, output: () => output, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
