/**
 * The export half of `npm run bench:csv`: all live users (name, email, agency, roles, active)
 * exported through Roster's own export path — the built main process in browser mode
 * (out/main/web.js): exports.start, then the download its server streams from a database cursor —
 * against raw postgres.js running `COPY (the same select) TO STDOUT`, each into a file, alternately
 * in the same run. The peak RSS is the main process's own (VmHWM), so the number is the app's.
 */
import { createWriteStream } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { get, type IncomingMessage } from 'node:http'
import { pipeline } from 'node:stream/promises'
import { PgDialect } from 'drizzle-orm/pg-core'
import postgres from 'postgres'
import { openDatabase } from '../src/main/db/client'
import { servedResource } from '../src/main/resources'
import type { ExportProgress, ExportStarted } from '../src/shared/schemas/exports'
import { ensureBuilt } from '../test/e2e/support/build'
import { startRoster, type RunningRoster } from '../test/e2e/support/roster'
import { apiOf, memoryOf } from './running-roster'
import { timePair } from './support'

const columns = ['Name', 'Email', 'Agency', 'Roles', 'Active']
const mb = (kilobytes: number) => `${(kilobytes / 1024).toFixed(0)} MB`

/** The select Roster's export runs, its few parameters written in (COPY takes none). */
async function copyStatement(url: string): Promise<string> {
  const database = await openDatabase({ kind: 'postgres', url })
  try {
    const { query } = servedResource('users').exportSelect(database.db, { query: {}, columns })
    return `copy (${new PgDialect().sqlToQuery(query.inlineParams()).sql}) to stdout with (format csv, header)`
  } finally {
    await database.close()
  }
}

/**
 * Saves a download into `file` as a browser does, bytes straight to disk: node:http's response
 * piped to the file. Read through fetch's web stream instead, the bench's own CPU competed with
 * the server and the app on this 2-core machine: the Roster side took 22.8 s instead of 19.7.
 */
async function download(url: URL, file: string): Promise<void> {
  const response = await new Promise<IncomingMessage>((resolve, reject) => get(url, resolve).once('error', reject))
  if (response.statusCode !== 200) {
    response.resume()
    throw new Error(`the download answered ${response.statusCode}`)
  }
  await pipeline(response, createWriteStream(file))
}

/** One export through the running app, as the page does it: start, then fetch the download into `file`. */
async function exportThroughRoster(roster: RunningRoster, file: string): Promise<number> {
  const call = apiOf(roster)
  const started = await call<ExportStarted>('exports.start', { resource: 'users', query: {}, columns })
  if (!started.started || !started.download) throw new Error('browser mode did not offer a download')
  await download(new URL(started.download, roster.origin), file)
  const progress = await call<ExportProgress>('exports.progress', { id: started.id })
  if (progress.state !== 'done') throw new Error(`the export ended ${progress.state}: ${progress.message}`)
  return progress.rowsWritten
}

/** Prints `export ratio: X` (Roster ÷ raw COPY, medians of `runs` alternated runs) and the main process's peak RSS. */
export async function measureExport(url: string, runs = 1): Promise<void> {
  ensureBuilt()
  const copy = await copyStatement(url)
  const raw = postgres(url, { max: 1, onnotice: () => {} })
  const roster = await startRoster(url, 60_000)
  const rosterFile = join(tmpdir(), `roster-bench-export-${process.pid}.csv`)
  const rawFile = join(tmpdir(), `roster-bench-copy-${process.pid}.csv`)
  try {
    const before = await memoryOf(roster.pid, 'VmRSS')
    let rows = 0
    const [rosterMs, rawMs] = await timePair(
      async () => (rows = await exportThroughRoster(roster, rosterFile)),
      async () => pipeline(await raw.unsafe(copy).readable(), createWriteStream(rawFile)),
      runs,
      0,
    )
    const peak = await memoryOf(roster.pid, 'VmHWM')
    console.log(`export: ${rows} rows, Roster ${(rosterMs / 1000).toFixed(1)} s, raw COPY ${(rawMs / 1000).toFixed(1)} s`)
    console.log(`export ratio: ${(rosterMs / rawMs).toFixed(2)}`)
    console.log(`export peak RSS of the main process: ${mb(peak)} (${mb(before)} before the export)`)
  } finally {
    await Promise.allSettled([roster.stop(), raw.end(), rm(rosterFile, { force: true }), rm(rawFile, { force: true })])
  }
}
