/**
 * Vitest global setup: one migrated PGlite per test run, dumped to a file that every
 * `openMigrated('pglite')` loads (test/support/databases.ts) instead of running initdb and the
 * migrations again (~0.3 s instead of ~2 s). Built from drizzle/ at each run and rerun, so it never
 * lags a migration. Tests of the migrations themselves migrate from scratch.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../src/main/db/client'
import { applyMigrations } from '../../src/main/db/migrations'
import { engines, MIGRATIONS } from './databases'

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  // A rerun through a pooler opens no PGlite.
  if (!engines.includes('pglite')) return
  const folder = mkdtempSync(join(tmpdir(), 'roster-pglite-template-'))
  const file = join(folder, 'migrated.tar')
  const build = async () => {
    writeFileSync(file, await dumpMigrated())
    project.provide('pgliteTemplate', file)
  }
  await build()
  project.onTestsRerun(build)
  return () => rmSync(folder, { recursive: true, force: true })
}

async function dumpMigrated(): Promise<Buffer> {
  const database = await openDatabase({ kind: 'embedded', dataDir: 'memory://' })
  try {
    await applyMigrations(database, MIGRATIONS)
    if (database.driver.kind !== 'embedded') throw new Error('openDatabase opened no PGlite for an embedded target')
    return Buffer.from(await (await database.driver.pglite.dumpDataDir('none')).arrayBuffer())
  } finally {
    await database.close()
  }
}
