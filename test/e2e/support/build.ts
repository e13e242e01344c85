/// <reference types="node" />
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const ROOT = resolve(import.meta.dirname, '../../..')
export const WEB_ENTRY = join(ROOT, 'out/main/web.js')

/** What the build reads; a change to any of them makes out/ stale. */
const inputs = ['src', 'package.json', 'electron.vite.config.ts', 'tsconfig.base.json']
const outputs = ['out/main/web.js', 'out/main/index.js', 'out/preload/index.mjs', 'out/renderer/index.html']

function newestMtime(path: string): number {
  const stats = statSync(path)
  if (!stats.isDirectory()) return stats.mtimeMs
  let newest = stats.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

function isStale(): boolean {
  const built = outputs.map((file) => join(ROOT, file))
  if (!built.every(existsSync)) return true
  const oldestOutput = Math.min(...built.map((file) => statSync(file).mtimeMs))
  return Math.max(...inputs.map((input) => newestMtime(join(ROOT, input)))) > oldestOutput
}

/** One build at a time across test workers: a directory is created atomically or not at all. */
function withLock<T>(work: () => T): T {
  const lock = join(tmpdir(), `roster-e2e-build-${createHash('sha1').update(ROOT).digest('hex').slice(0, 10)}.lock`)
  const deadline = Date.now() + 180_000
  for (;;) {
    try {
      mkdirSync(lock)
      writeFileSync(join(lock, 'pid'), String(process.pid))
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (holderIsGone(lock)) rmSync(lock, { recursive: true, force: true })
      else if (Date.now() > deadline) throw new Error(`Waited 3 minutes for another build to finish (lock ${lock})`, { cause: error })
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250)
    }
  }
  try {
    return work()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

function holderIsGone(lock: string): boolean {
  try {
    process.kill(Number(readFileSync(join(lock, 'pid'), 'utf8')), 0)
    return false
  } catch (error) {
    // No pid file yet (just created) counts as alive; ESRCH means its process ended.
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** Builds main, preload and renderer with electron-vite when out/ is missing or older than the sources. */
export function ensureBuilt(): void {
  if (!isStale()) return
  withLock(() => {
    if (!isStale()) return
    try {
      execFileSync(process.execPath, [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      })
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: Buffer; stderr?: Buffer }
      throw new Error(`electron-vite build failed:\n${stdout.toString()}\n${stderr.toString()}`, { cause: error })
    }
  })
}
