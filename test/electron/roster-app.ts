import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { _electron as electron, type ElectronApplication } from '@playwright/test'
import { electronBinary } from './electron-binary'

export const ROOT = resolve(import.meta.dirname, '../..')

/**
 * What `npm run test:electron` runs: the packaged app whose executable ROSTER_PACKAGED_APP names
 * (the release and CI workflows set it to the app electron-builder just built), or else the dev
 * build in out/ on node_modules' Electron. Either way the app reads nothing but its own files.
 */
export function rosterCommand(): { executablePath: string; args: string[] } {
  const packaged = process.env.ROSTER_PACKAGED_APP
  if (packaged) {
    const executablePath = resolve(ROOT, packaged)
    if (!existsSync(executablePath)) throw new Error(`ROSTER_PACKAGED_APP names ${executablePath}, which does not exist: run npm run dist first.`)
    return { executablePath, args: [] }
  }
  return { executablePath: electronBinary(), args: [join(ROOT, 'out/main/index.js')] }
}

/**
 * The app's environment: its own data folder (the embedded database, saved connections and the
 * single-instance lock) and no start-up database or dev server from the caller's shell.
 */
export function rosterEnv(dataDir: string): Record<string, string> {
  const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined))
  delete env.ELECTRON_RENDERER_URL
  return { ...env, ROSTER_DATA_DIR: dataDir, ROSTER_DATABASE_URL: '' }
}

/** Launches Roster under Playwright, with `args` after the app's own. */
export function launchRoster(dataDir: string, args: string[] = []): Promise<ElectronApplication> {
  const command = rosterCommand()
  return electron.launch({ executablePath: command.executablePath, args: [...command.args, ...args], cwd: ROOT, env: rosterEnv(dataDir) })
}

/** Runs a second Roster on the same data folder, outside Playwright, and resolves with its exit code. */
export function runSecondRoster(dataDir: string, timeoutMs: number): Promise<number | null> {
  const command = rosterCommand()
  const child = spawn(command.executablePath, command.args, { cwd: ROOT, env: rosterEnv(dataDir), stdio: 'ignore' })
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => {
      child.kill()
      reject(new Error(`The second Roster was still running after ${timeoutMs / 1000} s: it should hand over to the first and quit.`))
    }, timeoutMs)
    child.once('error', reject)
    child.once('exit', (code) => {
      clearTimeout(timer)
      resolvePromise(code)
    })
  })
}
