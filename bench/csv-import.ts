/**
 * The import half of `npm run bench:csv`: 100,000 new users (agency and roles by name) checked and
 * applied through Roster's import path — the built main process in browser mode (out/main/web.js),
 * in a process of its own as the app's is: imports.preview → imports.check → imports.apply over
 * HTTP, the file uploaded first, untimed — against raw postgres.js `COPY users (…) FROM STDIN` of the
 * same rows in one transaction, rolled back, alternating in the same run (`import ratio`, as the
 * issue defines it: the raw side writes no roles). A second raw side also COPYs the rows' roles into
 * user_roles (ids made client-side), the same writes as Roster's (`import ratio (users + roles)`).
 * Each side inserts users of its own emails, on tables vacuumed of the sides before it
 * (`startClean`), and each run starts with another side: Roster's side used to come last, after
 * two rolled-back COPYs of the very same emails, and paid for stepping over their dead entries
 * (its COPY of users took 4.99–5.51 s where the raw side's first took 4.52–4.84). Roster's rows are
 * deleted again afterwards, so the database is left as it was. The peak RSS is the main process's
 * own (VmHWM); measured in the bench's process, it counted the bench's rows of every side too.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import { orderedUuidV7s } from '../src/main/imports/ordered-ids'
import { ensureBuilt } from '../test/e2e/support/build'
import { startRoster } from '../test/e2e/support/roster'
import { apiOf, memoryOf, uploadForImport } from './running-roster'
import { median, ms } from './support'

const ROWS = 100_000

interface BenchRow {
  name: string
  email: string
  agency: string
  agencyId: string
  roles: string[]
  /** The id the raw side inserts the row under, so it can COPY its roles too. */
  id: string
  active: boolean
}

export async function measureImport(url: string, runs = 2): Promise<void> {
  ensureBuilt()
  const raw = postgres(url, { max: 2, onnotice: () => {} })
  const app = await startRoster(url, 60_000)
  const call = apiOf(app)
  const dir = mkdtempSync(join(tmpdir(), 'roster-bench-import-'))
  try {
    const agencies = await raw<{ id: string; name: string }[]>`select id, name from agencies where deleted_at is null order by name limit 8`
    const roleRows = await raw<{ id: string; name: string }[]>`select id, name from roles order by name limit 3`
    const roles = roleRows.map((r) => r.name)
    const roleIds = new Map(roleRows.map((r) => [r.name, r.id]))
    if (agencies.length === 0 || roles.length === 0) throw new Error('the bench database has no agencies or roles: run npm run bench:seed first')
    const roster: number[] = []
    const copy: number[] = []
    const copyWithRoles: number[] = []
    const checks: number[] = []
    /** The bench's rows, under emails of their own: no side inserts a key another side's rolled-back rows hold. */
    const benchRows = (tag: string): BenchRow[] => {
      const ids = orderedUuidV7s(ROWS)
      return Array.from({ length: ROWS }, (_, i) => {
        const agency = agencies[i % agencies.length]!
        return {
          name: `Imported Person ${i}`,
          email: `import.${tag}.${i}@example.org`,
          agency: agency.name,
          agencyId: agency.id,
          roles: roles.slice(0, 1 + (i % roles.length)),
          active: i % 5 !== 0,
          id: ids[i]!,
        }
      })
    }
    const quote = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)
    const fileOf = (tag: string) => join(dir, `users-${tag}.csv`)
    const uploaded = new Map<string, string>()
    /** A side of the comparison: `prepare` and `cleanUp`, around its timed `run`, are not timed. */
    interface Side {
      times: number[]
      prepare?(rows: BenchRow[], tag: string): Promise<void>
      run(rows: BenchRow[], tag: string): Promise<void>
      cleanUp?(tag: string): Promise<unknown>
    }
    const sides: Side[] = [
      // The raw side's best: ids in time order, the rows COPYed in id order, as Roster's import inserts them.
      { times: copy, run: (rows) => rawCopy(raw, rows, null) },
      { times: copyWithRoles, run: (rows) => rawCopy(raw, rows, roleIds) },
      {
        times: roster,
        prepare: async (rows, tag) => {
          writeFileSync(fileOf(tag), ['Name,Email,Agency,Roles,Active', ...rows.map((r) => [r.name, r.email, r.agency, r.roles.join(';'), String(r.active)].map(quote).join(','))].join('\n') + '\n')
          // The upload is browser mode's way to hand over a file (the desktop app opens it where it is): not timed.
          uploaded.set(tag, await uploadForImport(app, fileOf(tag)))
        },
        run: async (_rows, tag) => {
          const fileId = uploaded.get(tag)!
          const started = performance.now()
          const preview = await call<{ mapping: (string | null)[] }>('imports.preview', { fileId, resource: 'users' })
          const checked = await call<{ checkId: string | null; errorCount: number }>('imports.check', {
            fileId,
            resource: 'users',
            mapping: preview.mapping,
            mode: 'insert',
            jobId: `bench-${tag}`,
          })
          if (checked.checkId === null) throw new Error(`the bench file did not pass its check: ${checked.errorCount} problems`)
          checks.push(performance.now() - started)
          const applied = await call<{ inserted: number }>('imports.apply', { checkId: checked.checkId, jobId: `bench-apply-${tag}` })
          if (applied.inserted !== ROWS) throw new Error(`imported ${applied.inserted} users, not ${ROWS}`)
        },
        cleanUp: (tag) => raw`delete from users where email like ${`import.${tag}.%`}`,
      },
    ]
    for (let run = 0; run < runs; run++) {
      // Each run starts with another side, so none always meets the server as the one before left it.
      for (const side of [...sides.slice(run % sides.length), ...sides.slice(0, run % sides.length)]) {
        const tag = randomBytes(4).toString('hex')
        const rows = benchRows(tag)
        await side.prepare?.(rows, tag)
        await startClean(raw)
        const started = performance.now()
        await side.run(rows, tag)
        side.times.push(performance.now() - started)
        await side.cleanUp?.(tag)
      }
    }
    const rosterMs = median(roster)
    const copyMs = median(copy)
    const checkMs = median(checks)
    console.log(`import of ${ROWS} users (median of ${runs}): roster ${ms(rosterMs)} ms (check ${ms(checkMs)}, apply ${ms(rosterMs - checkMs)}), raw COPY ${ms(copyMs)} ms`)
    console.log(`import ratio: ${(rosterMs / copyMs).toFixed(2)}`)
    console.log(`raw COPY of users and their roles: ${ms(median(copyWithRoles))} ms`)
    console.log(`import ratio (users + roles): ${(rosterMs / median(copyWithRoles)).toFixed(2)}`)
    console.log(`import peak RSS of the main process: ${Math.round((await memoryOf(app.pid, 'VmHWM')) / 1024)} MB`)
    // The rolled-back and deleted rows are dead tuples: vacuumed, so the database is left as it was
    // for the next bench (a server may run without autovacuum; its estimates would then drift).
    await raw`vacuum (analyze) users, user_roles`
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await app.stop()
    await raw.end()
  }
}

class RollBack extends Error {}

/**
 * Leaves no work of one side to the next. Vacuums users and user_roles: an earlier side's rows,
 * rolled back or deleted, stay dead entries in every index until then, and the side after them
 * stepped over them (Roster's COPY of users took 4.3 s going first in a run and 5.1 s going last).
 * Merges the pending lists of the users table's GIN (trigram) indexes into the indexes: new rows'
 * entries wait in such a list until it outgrows gin_pending_list_limit, and the insert that finds
 * it full merges all of it, other runs' rows included (unmerged, the raw COPY took 9.5 s in one run
 * and 29 s in the next). Then a checkpoint:
 * each side writes ~0.5 GB of WAL, and a checkpoint that one side started would otherwise be
 * written out, and its full-page images paid for, during the next.
 */
async function startClean(raw: postgres.Sql): Promise<void> {
  await raw`vacuum users, user_roles`
  await raw`select gin_clean_pending_list(i.indexrelid) from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am am on am.oid = c.relam
            where i.indrelid = 'users'::regclass and am.amname = 'gin'`
  await raw`checkpoint`
}

/** COPY of `rows` into users (and, given the role ids, their roles into user_roles) in one transaction, rolled back. */
async function rawCopy(raw: postgres.Sql, rows: BenchRow[], roleIds: Map<string, string> | null): Promise<void> {
  const copyIn = async (stream: NodeJS.WritableStream, line: (row: BenchRow) => string) => {
    for (let i = 0; i < rows.length; i += 5000) {
      if (!stream.write(rows.slice(i, i + 5000).map(line).join(''))) await new Promise((resolve) => stream.once('drain', resolve))
    }
    stream.end()
    await new Promise((resolve, reject) => stream.once('finish', resolve).once('error', reject))
  }
  await raw
    .begin(async (tx) => {
      await copyIn(await tx`copy users (id, email, name, agency_id, is_active) from stdin`.writable(), (r) => `${r.id}\t${r.email}\t${r.name}\t${r.agencyId}\t${r.active}\n`)
      if (roleIds) {
        await copyIn(await tx`copy user_roles (user_id, role_id) from stdin`.writable(), (r) => r.roles.map((name) => `${r.id}\t${roleIds.get(name)}\n`).join(''))
      }
      throw new RollBack()
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error
    })
}
