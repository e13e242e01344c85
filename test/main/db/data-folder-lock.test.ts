import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/main/db/client'
import { DataFolderInUse, lockDataFolder } from '../../../src/main/db/data-folder-lock'
import { DatabaseSession } from '../../../src/main/session'
import { createPostgresDatabase, migratedTemplate, MIGRATIONS } from '../../support/databases'

const ROOT = resolve(import.meta.dirname, '../../..')
const TAKER = join(ROOT, 'test/fixtures/data-folder-lock-taker.ts')

interface TakerLine {
  folder?: string
  won?: boolean
  message?: string
  ready?: boolean
  done?: boolean
}

/**
 * A real process (node + tsx) running the lock module: once loaded it waits for `start`, then
 * reports each folder it tried, and holds what it won.
 */
class Taker {
  readonly child: ChildProcess
  readonly lines: TakerLine[] = []
  /** Loaded, waiting for `start`: node and tsx take a while to start, a moment the test need not wait for. */
  readonly ready: Promise<void>
  readonly finished: Promise<TakerLine[]>
  #stderr = ''

  constructor(folders: string[], stepMs?: number) {
    this.child = spawn(process.execPath, ['--import', 'tsx', TAKER, JSON.stringify({ folders, stepMs })], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let buffered = ''
    let loaded!: () => void
    const ready = new Promise<void>((resolve) => (loaded = resolve))
    this.finished = new Promise((resolve, reject) => {
      this.child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString()
        let newline: number
        while ((newline = buffered.indexOf('\n')) >= 0) {
          const line = JSON.parse(buffered.slice(0, newline)) as TakerLine
          buffered = buffered.slice(newline + 1)
          if (line.ready) loaded()
          else if (line.done) resolve(this.lines)
          else this.lines.push(line)
        }
      })
      this.child.stderr!.on('data', (chunk: Buffer) => (this.#stderr += chunk.toString()))
      this.child.once('exit', (code, signal) => reject(new Error(`the taker exited (${code ?? signal}) before it was done:\n${this.#stderr}`)))
    })
    // Rejected, too, if it dies before it is ready.
    this.ready = Promise.race([ready, this.finished.then(() => {})])
    // One killed before it was started (a test that failed early) rejects these unheard.
    this.ready.catch(() => {})
    this.finished.catch(() => {})
  }

  /** Lets it try its folders from `startAt` on (at once by default); resolves with what it reported. */
  start(startAt = Date.now()): Promise<TakerLine[]> {
    this.child.stdin!.write(`${JSON.stringify({ startAt })}\n`)
    return this.finished
  }

  get pid(): number {
    return this.child.pid!
  }

  /** Ends it the hard way: no handler runs, its lock files stay behind. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const exited = new Promise((resolve) => this.child.once('exit', resolve))
    this.child.kill('SIGKILL')
    await exited
  }
}

const takers: Taker[] = []
const folders: string[] = []
/** A taker started early, waiting for its `start`. */
const spawnTaker = (list: string[], stepMs?: number) => {
  const taker = new Taker(list, stepMs)
  takers.push(taker)
  return taker
}
/** A taker trying its folders as soon as it is loaded. */
const take = (list: string[]) => {
  const taker = spawnTaker(list)
  void taker.start()
  return taker
}
const temporaryFolder = () => {
  const parent = mkdtempSync(join(tmpdir(), 'roster-lock-'))
  folders.push(parent)
  return join(parent, 'embedded')
}

afterEach(async () => {
  await Promise.all(takers.splice(0).map((t) => t.kill()))
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

describe('the data folder lock', () => {
  it('refuses a second taker while the first holds it, naming the folder, and lets go on release', async () => {
    const folder = temporaryFolder()
    const first = take([folder])
    const other = spawnTaker([folder])
    expect(await first.finished).toEqual([{ folder, won: true }])

    const refused = (() => {
      try {
        lockDataFolder(folder)
      } catch (error) {
        return error
      }
    })()
    expect(refused).toBeInstanceOf(DataFolderInUse)
    expect((refused as Error).message).toContain(folder)
    expect((refused as Error).message).toContain(String(first.pid))
    expect((refused as DataFolderInUse).toApiError().code).toBe('conflict')

    // Another process is refused too, and this process, once holding it, refuses even itself.
    await first.kill()
    const mine = lockDataFolder(folder)
    expect(() => lockDataFolder(folder)).toThrow(folder)
    const [line] = await other.start()
    expect(line).toMatchObject({ folder, won: false })
    expect(line!.message).toContain(folder)
    expect(line!.message).toContain(String(process.pid))

    mine.release()
    expect(existsSync(mine.lockPath)).toBe(false)
    lockDataFolder(folder).release()
  })

  it('recovers the lock a SIGKILLed process left behind', async () => {
    const folder = temporaryFolder()
    const dead = take([folder])
    expect(await dead.finished).toEqual([{ folder, won: true }])
    await dead.kill()

    const lock = lockDataFolder(folder)
    expect(existsSync(lock.lockPath)).toBe(true)
    lock.release()
  })

  it('takes over a lock whose pid now belongs to a later process (Linux reads start times)', () => {
    const folder = temporaryFolder()
    const lockPath = `${folder}.lock`
    // This test's own pid, alive, but recorded with another start: the holder ended and its pid was reused.
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), started: 'an-earlier-boot/42', since: '2020-01-01T00:00:00Z', token: 'x' }))
    const refusal = (() => {
      try {
        lockDataFolder(folder).release()
        return null
      } catch (error) {
        return error
      }
    })()
    // Elsewhere a pid cannot be told from its successor, so the lock is (safely) still refused.
    expect(refusal).toEqual(process.platform === 'linux' ? null : expect.any(DataFolderInUse))
  })

  it('recovers a stale lock even when a process died in the middle of taking it over', async () => {
    const folder = temporaryFolder()
    const [dead, claimer] = [take([folder]), take([`${folder}-claimer`])]
    expect(await dead.finished).toEqual([{ folder, won: true }])
    expect((await claimer.finished)[0]!.won).toBe(true)
    await Promise.all([dead.kill(), claimer.kill()])
    // The claim a taker creates before replacing a stale lock, left by one killed right after.
    const stale = readFileSync(`${folder}.lock`, 'utf8')
    const claim = `${folder}.lock.takeover-${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`
    writeFileSync(claim, readFileSync(`${folder}-claimer.lock`, 'utf8'))

    const lock = lockDataFolder(folder)
    expect(readFileSync(lock.lockPath, 'utf8')).toContain(`"pid":${process.pid}`)
    lock.release()
  })

  it('gives each folder to exactly one of several processes starting together, fresh or stale', async () => {
    // Half the folders hold a lock whose process was SIGKILLed; each taker reads it, sees it stale,
    // and (held back until all have read it) races the others to replace it. The other half race
    // to create the first lock.
    const fresh = Array.from({ length: 4 }, temporaryFolder)
    const stale = Array.from({ length: 4 }, temporaryFolder)
    const all = fresh.flatMap((f, i) => [f, stale[i]!])
    const racers = Array.from({ length: 4 }, () => spawnTaker(all, 400))
    const dead = take(stale)
    expect((await dead.finished).every((l) => l.won)).toBe(true)
    await dead.kill()

    await Promise.all(racers.map((r) => r.ready))
    // All are loaded and waiting on their stdin: a moment is enough for each to read the start time.
    const startAt = Date.now() + 200
    const results = await Promise.all(racers.map((r) => r.start(startAt)))
    for (const folder of all) {
      // Every racer reports on every folder: one won it, each other one says whose it is.
      const outcomes = results.map((lines) => lines.find((l) => l.folder === folder))
      expect(outcomes.every((o) => o !== undefined), folder).toBe(true)
      expect(outcomes.filter((o) => o!.won), folder).toHaveLength(1)
      expect(outcomes.filter((o) => !o!.won).map((o) => o!.message?.includes(folder)), folder).toEqual(racers.slice(1).map(() => true))
    }
  }, 60_000)
})

describe('the embedded database', () => {
  let postgres: Awaited<ReturnType<typeof createPostgresDatabase>>
  beforeAll(async () => {
    postgres = await createPostgresDatabase()
  })
  afterAll(async () => {
    await postgres?.drop()
  })

  it('holds its folder while open, lets go when the session switches away or closes, and takes it again', async () => {
    const folder = temporaryFolder()
    // Loading while PGlite opens: each tries the folder when started.
    const [other, again, after] = [spawnTaker([folder]), spawnTaker([folder]), spawnTaker([folder])]
    const session = new DatabaseSession(MIGRATIONS)
    // From the migrated template rather than initdb, which client.test.ts runs on a new folder.
    await session.open({ kind: 'embedded', dataDir: folder, loadDataDir: migratedTemplate() })
    try {
      await expect(openDatabase({ kind: 'embedded', dataDir: folder })).rejects.toThrow(folder)
      expect((await other.start())[0]).toMatchObject({ folder, won: false })
      // Opening the one already open keeps it open (connections.open on the current database).
      await expect(session.open({ kind: 'embedded', dataDir: folder })).resolves.toBe(session.database)

      await session.open({ kind: 'postgres', url: postgres.url })
      const borrowed = await openDatabase({ kind: 'embedded', dataDir: folder })
      await borrowed.close()

      await session.open({ kind: 'embedded', dataDir: folder })
      expect((await again.start())[0]).toMatchObject({ folder, won: false })
    } finally {
      await session.close()
    }
    expect(await after.start()).toEqual([{ folder, won: true }])
    // With initdb instead of the template this took 103 s at load 15: the budget is well above that.
  }, 300_000)
})
