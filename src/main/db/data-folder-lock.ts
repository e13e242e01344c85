import { createHash, randomUUID } from 'node:crypto'
import { linkSync, mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname, resolve } from 'node:path'
import { ApiFailure } from '../api-failure'

/**
 * One process at a time per embedded data folder. PGlite does not guard its folder: two processes
 * that open it each cache pages and write them back, so acknowledged rows vanish and indexes break.
 *
 * The lock is a file beside the folder (`<folder>.lock`) naming the process that holds it. It is
 * not proper-lockfile: that one judges a lock stale when its holder has not refreshed it on a timer
 * for `stale` ms, and PGlite runs PostgreSQL on the main thread, where a long statement (a
 * migration, the demo seed) starves the timer and a second process would take a lock whose holder
 * is alive. A lock owned by a process has no timer to miss: it is stale exactly when that process
 * is gone (its pid answers ESRCH, or — on Linux, where the start time can be read — the pid now
 * belongs to a process started later). Where that cannot be told (another host sharing the folder,
 * a pid in use on macOS or Windows) the lock counts as held: a wrong refusal names the lock file
 * to delete, a wrong takeover would corrupt the database.
 *
 * Every write is atomic: a lock file appears with its whole content (written aside, then
 * hard-linked into place, which fails if the name exists), and a stale one is replaced by rename
 * only by the process that first claims that very lock — a claim file named after its content,
 * created the same way — and still finds it in place. Of several processes that see one stale
 * lock at once, exactly one takes it; the others then find it held.
 */

interface Holder {
  pid: number
  host: string
  /** When the process started, where that can be read (Linux); null elsewhere. */
  started: string | null
  since: string
}

/** The embedded database's folder is open in another process (or already in this one). */
export class DataFolderInUse extends ApiFailure {
  constructor(
    readonly folder: string,
    readonly lockPath: string,
    holder: Holder,
  ) {
    const where =
      holder.host !== hostname()
        ? `another Roster on ${holder.host} (process ${holder.pid})`
        : holder.pid === process.pid
          ? `this Roster (process ${holder.pid})`
          : `another Roster (process ${holder.pid}, since ${holder.since})`
    super(
      'conflict',
      `The embedded database folder ${folder} is already open in ${where}. One Roster at a time can use it: ` +
        `close the other one (the desktop app or npm run web) and try again. If no Roster is running, delete ${lockPath}.`,
    )
    this.name = 'DataFolderInUse'
  }
}

export interface DataFolderLock {
  folder: string
  lockPath: string
  /** Lets go of the folder; later calls do nothing. */
  release(): void
}

/** A claimed lock changed under us this often in a row: give up rather than spin. */
const MAX_ATTEMPTS = 200
const CLAIM_WAIT_MS = 10

/** Takes the folder for this process, or throws `DataFolderInUse` naming the folder and its holder. */
export function lockDataFolder(folder: string): DataFolderLock {
  const lockPath = `${resolve(folder)}.lock`
  mkdirSync(dirname(lockPath), { recursive: true })
  const me: Holder & { token: string } = {
    pid: process.pid,
    host: hostname(),
    started: startOf(process.pid) ?? null,
    since: new Date().toISOString(),
    // Makes each lock's content unique, so a claim on one stale lock never matches a later one.
    token: randomUUID(),
  }
  const record = JSON.stringify(me)
  const holder = take(lockPath, record, lockPath)
  if (holder) throw new DataFolderInUse(folder, lockPath, holder)
  let held = true
  return {
    folder,
    lockPath,
    release() {
      if (held) removeIfMine(lockPath, record)
      held = false
    },
  }
}

/** The lock for a PGlite data directory, or null for one that is no folder (memory://, idb://). */
export function lockEmbeddedDataDir(dataDir: string): DataFolderLock | null {
  if (dataDir.startsWith('file://')) return lockDataFolder(dataDir.slice('file://'.length))
  return dataDir.includes('://') ? null : lockDataFolder(dataDir)
}

/** Makes `path` hold `record`; returns the running holder that keeps it instead. */
function take(path: string, record: string, lockPath: string): Holder | null {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (createWith(path, record)) return null
    const found = read(path)
    if (found === null) continue // released in between
    const holder = parse(found)
    if (holder && isRunning(holder)) return holder
    // Its holder is gone (or the file is unreadable). Only the claimer of this very content may replace it.
    const claim = `${lockPath}.takeover-${createHash('sha256').update(found).digest('hex').slice(0, 16)}`
    if (take(claim, record, lockPath) !== null) {
      // A running process is replacing it this instant; look again once it is done.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, CLAIM_WAIT_MS)
      continue
    }
    try {
      if (read(path) === found) {
        replaceWith(path, record)
        return null
      }
    } finally {
      removeIfMine(claim, record)
    }
  }
  throw new Error(`Could not take the lock ${lockPath}: it kept changing. Is another Roster starting on the same folder?`)
}

/** Creates `path` with `record` as its content in one step; false if it exists. */
function createWith(path: string, record: string): boolean {
  const aside = writeAside(path, record)
  try {
    linkSync(aside, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    unlinkSync(aside)
  }
}

function replaceWith(path: string, record: string): void {
  renameSync(writeAside(path, record), path)
}

function writeAside(path: string, record: string): string {
  const aside = `${path}.${randomUUID()}.tmp`
  writeFileSync(aside, record, { flag: 'wx' })
  return aside
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
}

function removeIfMine(path: string, record: string): void {
  // Nobody else replaces a lock whose holder runs, so it cannot change between the read and the unlink.
  if (read(path) !== record) return
  try {
    unlinkSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

function parse(content: string): Holder | null {
  try {
    const value = JSON.parse(content) as Partial<Holder>
    if (!Number.isInteger(value.pid) || typeof value.host !== 'string') return null
    return { pid: value.pid!, host: value.host, started: typeof value.started === 'string' ? value.started : null, since: String(value.since) }
  } catch {
    return null
  }
}

function isRunning(holder: Holder): boolean {
  // On another machine sharing the folder its processes cannot be seen from here.
  if (holder.host !== hostname()) return true
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    // EPERM: a process of another user has that pid, which may be the holder.
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false
  }
  if (holder.started === null) return true
  const started = startOf(holder.pid)
  return started === undefined || started === holder.started
}

/**
 * Linux: the boot and the clock tick at which `pid` started, which no later process with the same
 * pid shares; 'gone' if there is no such process; undefined where it cannot be read.
 */
function startOf(pid: number): string | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The fields after the command name (in parentheses, which may hold spaces): starttime is field 22.
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
    const bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    return startTicks ? `${bootId}/${startTicks}` : undefined
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined
  }
}
