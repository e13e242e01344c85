import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { writeExportFile } from '../../../src/main/csv/export-file'
import { ExportJobs } from '../../../src/main/csv/export-jobs'
import { EXPORT_BATCH_ROWS, runExport, type ExportRun } from '../../../src/main/csv/export-run'
import type { MethodInput, MethodOutput } from '../../../src/shared/contract'
import { call, openApi } from '../../support/api'
import { engines } from '../../support/databases'

type UserQuery = MethodInput<'users.list'>

/** A cell as a spreadsheet-safe export writes it: a `'` before what a spreadsheet would run. */
const neutral = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text)
const readCsv = (path: string): string[][] => parse(readFileSync(path), { bom: true })

describe.each(engines)('CSV export on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let folder: string
  let deletedEmail: string

  beforeAll(async () => {
    ctx = await openApi(engine)
    const agencies = await call(ctx.api, 'agencies.save', {
      inserts: [
        { clientId: 'n', name: 'North, Inc.' },
        { clientId: 's', name: 'South "Quoted" Bureau' },
      ],
    })
    const agency = (clientId: string) => agencies.inserted.find((a) => a.clientId === clientId)!.id
    const roles = await call(ctx.api, 'roles.save', { inserts: ['Viewer', 'Admin', 'Editor'].map((name) => ({ clientId: name, name })) })
    const role = (name: string) => roles.inserted.find((r) => r.clientId === name)!.id
    // Names a CSV must quote or neutralise, unicode, and plain ones.
    const names = ['=SUM(A1:A2)', 'Zoë "Zed" Ødegård', 'Line one\nLine two', '+44 Caller', '-minus', '@handle', 'Comma, Person', '東京 太郎', 'Plain Person']
    await call(ctx.api, 'users.save', {
      inserts: names.map((name, i) => ({
        clientId: `u${i}`,
        name,
        email: `user${i}@example.com`,
        agencyId: i % 3 === 0 ? null : agency(i % 3 === 1 ? 'n' : 's'),
        isActive: i % 2 === 0,
        roleIds: i % 2 === 0 ? [role('Viewer'), role('Admin')] : [role('Editor')],
      })),
    })
    const { rows } = await call(ctx.api, 'users.list', { filters: { email: 'user8@' } })
    deletedEmail = rows[0]!.email
    await call(ctx.api, 'users.save', { deletes: [{ id: rows[0]!.id }] })
  })
  afterAll(() => ctx?.close())
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'roster-export-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  const exportTo = (path: string, run: Omit<ExportRun, 'database' | 'sink' | 'signal'> & { signal?: AbortSignal }) =>
    writeExportFile(path, (sink) => runExport({ database: ctx.test.database, signal: new AbortController().signal, ...run, sink }))

  /** Every row of the grid's view, page after page, as the export should write it. */
  async function gridView(query: UserQuery): Promise<string[][]> {
    const roleNames = new Map((await call(ctx.api, 'roles.list', { limit: 1000 })).rows.map((r) => [r.id, r.name]))
    const rows: string[][] = []
    let after: string | null = null
    do {
      const page: MethodOutput<'users.list'> = await call(ctx.api, 'users.list', { ...query, limit: 2, ...(after ? { after } : {}) })
      for (const u of page.rows) {
        const roles = u.roleIds.map((id) => roleNames.get(id)!).sort()
        const deleted = query.filters?.deleted === 'include' ? [u.deletedAt ?? ''] : []
        rows.push([neutral(u.name), u.email, u.agencyName ?? '', roles.join(';'), String(u.isActive), u.createdAt, u.updatedAt, ...deleted])
      }
      after = page.nextCursor
    } while (after)
    return rows
  }

  it('writes exactly the rows of a filtered, searched and sorted view, in its order, quoted and neutralised', async () => {
    const query = {
      search: 'e',
      filters: { isActive: true },
      sort: [
        { column: 'agencyName', direction: 'desc' },
        { column: 'name', direction: 'asc' },
      ],
    } satisfies UserQuery
    const path = join(folder, 'users.csv')
    const written = await exportTo(path, { resource: 'users', query, excelBom: false })
    const [header, ...rows] = readCsv(path)
    expect(header).toEqual(['Name', 'Email', 'Agency', 'Roles', 'Active', 'Created', 'Updated'])
    const expected = await gridView(query)
    expect(expected.length).toBeGreaterThan(2)
    expect(rows).toEqual(expected)
    expect(written).toBe(expected.length)
    // The formula cell, by its bytes.
    expect(readFileSync(path, 'utf8')).toContain("'=SUM(A1:A2),user0@example.com,,Admin;Viewer,true,")
  })

  it('adds the Deleted column and the deleted rows when the view shows them, and a BOM when asked', async () => {
    const query = { filters: { deleted: 'include' }, sort: [{ column: 'email', direction: 'desc' }] } satisfies UserQuery
    const path = join(folder, 'all.csv')
    await exportTo(path, { resource: 'users', query, excelBom: true })
    expect([...readFileSync(path).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const [header, ...rows] = readCsv(path)
    expect(header).toEqual(['Name', 'Email', 'Agency', 'Roles', 'Active', 'Created', 'Updated', 'Deleted'])
    expect(rows).toEqual(await gridView(query))
    expect(rows.find((r) => r[1] === deletedEmail)![7]).toMatch(/^\d{4}-\d\d-\d\dT/)

    const live = join(folder, 'live.csv')
    await exportTo(live, { resource: 'users', query: {}, excelBom: false })
    const [liveHeader, ...liveRows] = readCsv(live)
    expect(liveHeader).not.toContain('Deleted')
    expect(liveRows.map((r) => r[1])).not.toContain(deletedEmail)
    expect(liveRows).toHaveLength(rows.length - 1)
  })

  it('writes only the chosen columns, and agencies and roles as their grids show them', async () => {
    const path = join(folder, 'some.csv')
    await exportTo(path, { resource: 'users', query: { filters: { email: 'user1@' } }, columns: ['Email', 'Roles'], excelBom: false })
    expect(readCsv(path)).toEqual([['Email', 'Roles'], ['user1@example.com', 'Editor']])

    await exportTo(path, { resource: 'agencies', query: { sort: [{ column: 'userCount', direction: 'desc' }] }, excelBom: false })
    const agencies = readCsv(path)
    expect(agencies[0]).toEqual(['Name', 'Users', 'Created', 'Updated'])
    const listed = (await call(ctx.api, 'agencies.list', { sort: [{ column: 'userCount', direction: 'desc' }] })).rows
    expect(agencies.slice(1).map((r) => [r[0], r[1]])).toEqual(listed.map((a) => [a.name, String(a.userCount)]))

    await exportTo(path, { resource: 'roles', query: { search: 'i' }, excelBom: false })
    const roles = (await call(ctx.api, 'roles.list', { search: 'i' })).rows
    expect(readCsv(path).slice(1).map((r) => [r[0], r[1], r[2]])).toEqual(roles.map((r) => [r.name, r.description ?? '', String(r.userCount)]))
  })

  describe('a large view', () => {
    beforeAll(async () => {
      // More rows than one batch, so a cancel can land between batches.
      await ctx.test.database.db.execute(
        sql`insert into users (email, name) select 'bulk' || g || '@example.com', 'Bulk ' || g from generate_series(1, ${EXPORT_BATCH_ROWS * 3}) g`,
      )
    })

    it('streams every row across batches', async () => {
      const path = join(folder, 'bulk.csv')
      const written = await exportTo(path, { resource: 'users', query: { filters: { name: 'bulk' } }, excelBom: false })
      expect(written).toBe(EXPORT_BATCH_ROWS * 3)
      expect(readCsv(path)).toHaveLength(EXPORT_BATCH_ROWS * 3 + 1)
    })

    it('cancelled midway leaves no file behind, and the database free for the next query', async () => {
      const controller = new AbortController()
      const path = join(folder, 'cancelled.csv')
      const seen: number[] = []
      const exporting = exportTo(path, {
        resource: 'users',
        query: { filters: { name: 'bulk' } },
        excelBom: false,
        signal: controller.signal,
        onRows: (n) => {
          seen.push(n)
          controller.abort()
        },
      })
      await expect(exporting).rejects.toMatchObject({ name: 'AbortError' })
      expect(seen[0]).toBe(EXPORT_BATCH_ROWS)
      expect(readdirSync(folder)).toEqual([])
      // The cursor's transaction has ended: PGlite would otherwise wait on it forever.
      expect((await call(ctx.api, 'users.count', { filters: { name: 'bulk' } })).total).toBe(EXPORT_BATCH_ROWS * 3)
    })

    it('through the app: writes the chosen file; a cancel removes the unfinished one and says so', async () => {
      const target = join(folder, 'chosen.csv')
      const jobs = new ExportJobs({ session: ctx.session, chooseFile: async () => target })
      const me = { clientId: 'window-1' }
      const settled = async (id: string) => {
        for (;;) {
          const progress = await jobs.handlers['exports.progress']({ id }, me)
          if (progress.state !== 'running') return progress
          await new Promise((resolve) => setTimeout(resolve, 20))
        }
      }
      const started = await jobs.start({ resource: 'users', query: { filters: { name: 'bulk' } }, excelBom: false }, me)
      expect(started).toMatchObject({ started: true, fileName: 'chosen.csv', download: null })
      if (!started.started) throw new Error('not started')
      // Someone else's export is not theirs to read.
      await expect(jobs.handlers['exports.progress']({ id: started.id }, { clientId: 'window-2' })).rejects.toMatchObject({ code: 'not_found' })
      const done = await settled(started.id)
      expect(done).toMatchObject({ state: 'done', rowsWritten: EXPORT_BATCH_ROWS * 3, total: EXPORT_BATCH_ROWS * 3, totalExact: true })
      expect(done.message).toBe(`Exported ${(EXPORT_BATCH_ROWS * 3).toLocaleString('en-US')} rows to chosen.csv.`)
      expect(readdirSync(folder)).toEqual(['chosen.csv'])

      rmSync(target)
      const again = await jobs.start({ resource: 'users', query: { filters: { name: 'bulk' } }, excelBom: false }, me)
      if (!again.started) throw new Error('not started')
      await jobs.handlers['exports.cancel']({ id: again.id }, me)
      const cancelled = await settled(again.id)
      expect(cancelled.state).toBe('cancelled')
      expect(cancelled.message).toMatch(/^Export cancelled after .* rows?: chosen\.csv was not written\.$/)
      expect(readdirSync(folder)).toEqual([])
    })

    it('through the app: a closed save dialog starts nothing', async () => {
      const jobs = new ExportJobs({ session: ctx.session, chooseFile: async () => null })
      expect(await jobs.start({ resource: 'roles', query: {}, excelBom: false }, {})).toEqual({ started: false })
    })
  })
})
