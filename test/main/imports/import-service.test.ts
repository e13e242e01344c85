import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ImportFiles } from '../../../src/main/csv/import-files'
import type { MethodInput } from '../../../src/shared/contract'
import { call, openApi, refused } from '../../support/api'
import { engines } from '../../support/databases'

const dir = mkdtempSync(join(tmpdir(), 'roster-import-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe.each(engines)('CSV import on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  const files = new ImportFiles()
  let n = 0

  beforeAll(async () => {
    ctx = await openApi(engine, { importFiles: files })
    await call(ctx.api, 'agencies.save', { inserts: ['Acme', 'Beta', 'Gone'].map((name) => ({ clientId: name, name })) })
    await call(ctx.api, 'roles.save', { inserts: ['Admin', 'Editor', 'Viewer'].map((name) => ({ clientId: name, name })) })
    const gone = (await call(ctx.api, 'agencies.list', { filters: { name: 'Gone' } })).rows[0]!
    await call(ctx.api, 'agencies.save', { deletes: [{ id: gone.id }] })
  })
  afterAll(async () => {
    await files.close()
    await ctx?.close()
  })

  /** A CSV file registered for import, as the open dialog would. */
  const fileOf = async (lines: string[]) => {
    const path = join(dir, `${engine}-${n++}.csv`)
    writeFileSync(path, lines.join('\n') + '\n')
    return (await files.register(path, 'local')).fileId
  }
  type CheckInput = MethodInput<'imports.check'>
  const check = async (fileId: string, resource: CheckInput['resource'], mode: CheckInput['mode']) => {
    const preview = await call(ctx.api, 'imports.preview', { fileId, resource })
    return call(ctx.api, 'imports.check', { fileId, resource, mapping: preview.mapping, mode, jobId: `job-${n++}` })
  }
  const apply = (checkId: string) => call(ctx.api, 'imports.apply', { checkId, jobId: `job-${n++}` })
  const user = async (email: string) => (await call(ctx.api, 'users.list', { filters: { email } })).rows.find((r) => r.email === email)
  const roleNames = async (ids: string[]) => {
    const { rows } = await call(ctx.api, 'roles.list', { limit: 100 })
    return rows.filter((r) => ids.includes(r.id)).map((r) => r.name).sort()
  }

  it('maps an export’s headers by name and inserts users with agency and roles given by name', async () => {
    const fileId = await fileOf([
      'Name,E-Mail,Agency,Roles,Active,Created,Updated',
      'Ann Lee,ann@example.com,Acme,Admin;Editor,true,2024-01-01T00:00:00Z,2024-01-01T00:00:00Z',
      '"Lee, Bob",BOB@example.com,,Viewer,false,,',
    ])
    const preview = await call(ctx.api, 'imports.preview', { fileId, resource: 'users' })
    expect(preview.mapping).toEqual(['name', 'email', 'agencyId', 'roleIds', 'isActive', null, null])
    expect(preview.notes).toEqual([])
    const checked = await check(fileId, 'users', 'insert')
    expect(checked).toMatchObject({ rows: 2, inserts: 2, updates: 0, errorCount: 0 })
    expect(await apply(checked.checkId!)).toEqual({ inserted: 2, updated: 0 })
    const ann = await user('ann@example.com')
    expect(ann).toMatchObject({ name: 'Ann Lee', agencyName: 'Acme', isActive: true })
    expect(await roleNames(ann!.roleIds)).toEqual(['Admin', 'Editor'])
    expect(await user('BOB@example.com')).toMatchObject({ name: 'Lee, Bob', agencyName: null, isActive: false })
  })

  it('reports every problem of every row at once, and writes nothing while any remains', async () => {
    const before = (await call(ctx.api, 'users.count', {})).total
    const fileId = await fileOf([
      'Name,Email,Agency,Roles,Active',
      'Good One,good1@example.com,Acme,Admin,true',
      'Bad Email,not-an-email,Acme,,true',
      ',noname@example.com,Nowhere,Admin;Ghost,maybe',
      'Taken,ANN@example.com,Gone,,true',
      'Twice A,twice@example.com,,,',
      'Twice B,Twice@example.com,,,',
      'Short row,short@example.com',
      'Good Two,good2@example.com,Beta,Editor;Editor,',
    ])
    const checked = await check(fileId, 'users', 'insert')
    expect(checked.checkId).toBeNull()
    expect(checked.errors).toEqual([
      { row: 3, field: 'Email', message: 'not-an-email is not a valid email address' },
      // A row's problems in the order of the file's columns, whichever check found them.
      { row: 4, field: 'Name', message: 'Name is required' },
      { row: 4, field: 'Agency', message: 'No agency is named Nowhere' },
      { row: 4, field: 'Roles', message: 'No role is named Ghost' },
      { row: 4, field: 'Active', message: 'Active must be true or false, not "maybe"' },
      { row: 5, field: 'Email', message: 'Email ann@example.com is already used by Ann Lee' },
      { row: 5, field: 'Agency', message: 'Agency Gone is deleted' },
      { row: 6, field: 'Email', message: 'Email twice@example.com is in more than one row of this file (rows 6, 7)' },
      { row: 7, field: 'Email', message: 'Email twice@example.com is in more than one row of this file (rows 6, 7)' },
      { row: 8, field: 'Row', message: 'This row has 2 values; the header has 5 columns' },
      { row: 9, field: 'Roles', message: 'A role is listed twice' },
    ])
    expect(checked).toMatchObject({ errorCount: 11, failingRowCount: 7 })
    expect(checked.failingRows.map((r) => r.row)).toEqual([3, 4, 5, 6, 7, 8, 9])
    expect(checked.failingRows[0]!.values).toEqual(['Bad Email', 'not-an-email', 'Acme', '', 'true'])
    expect((await call(ctx.api, 'users.count', {})).total).toBe(before)
  })

  it('finds every taken email in a file of many rows, wherever in the file it is', async () => {
    const taken = ['far1@example.com', 'far2@example.com', 'far3@example.com']
    await apply((await check(await fileOf(['Name,Email', ...taken.map((email) => `Far Away,${email}`)]), 'users', 'insert')).checkId!)
    const lines = Array.from({ length: 12_000 }, (_, i) => `Many ${i},many${i}@example.com`)
    lines[0] = `Many 0,${taken[0]}`
    lines[6_000] = `Many 6000,${taken[1]}`
    lines[11_999] = `Many 11999,${taken[2]}`
    const checked = await check(await fileOf(['Name,Email', ...lines]), 'users', 'insert')
    expect(checked.errors).toEqual([2, 6_002, 12_001].map((row, i) => ({ row, field: 'Email', message: `Email ${taken[i]} is already used by Far Away` })))
  })

  it('finds every repeated email of a file of many rows, however far apart, and lists a long run of them briefly', async () => {
    const lines = Array.from({ length: 12_000 }, (_, i) => `Many ${i},again${i}@example.com`)
    lines[0] = 'First,Twice.Far@example.com'
    lines[11_999] = 'Last,twice.far@example.com' // the same email: matched ignoring case
    for (let i = 0; i < 12; i++) lines[100 + i * 500] = `Often ${i},often@example.com`
    const checked = await check(await fileOf(['Name,Email', ...lines]), 'users', 'insert')
    const often = Array.from({ length: 12 }, (_, i) => 102 + i * 500)
    const oftenMessage = `Email often@example.com is in more than one row of this file (rows ${often.slice(0, 10).join(', ')} and 2 more)`
    expect(checked.errorCount).toBe(14)
    expect(checked.errors).toEqual([
      { row: 2, field: 'Email', message: 'Email twice.far@example.com is in more than one row of this file (rows 2, 12001)' },
      ...often.map((row) => ({ row, field: 'Email', message: oftenMessage })),
      { row: 12_001, field: 'Email', message: 'Email twice.far@example.com is in more than one row of this file (rows 2, 12001)' },
    ])
  })

  it('updates users matched by email, ignoring case; in update mode a row matching nobody is an error', async () => {
    const updateFile = await fileOf(['Email,Agency,Roles', 'ANN@EXAMPLE.COM,Beta,Viewer', 'nobody@example.com,Beta,'])
    const refusedCheck = await check(updateFile, 'users', 'update')
    expect(refusedCheck.errors).toEqual([{ row: 3, field: 'Email', message: 'No user has the email nobody@example.com: choose "Insert and update" to add it' }])

    const fileId = await fileOf(['Email,Agency,Roles', 'ANN@EXAMPLE.COM,Beta,Viewer'])
    const checked = await check(fileId, 'users', 'update')
    expect(checked).toMatchObject({ inserts: 0, updates: 1, errorCount: 0 })
    expect(await apply(checked.checkId!)).toEqual({ inserted: 0, updated: 1 })
    const ann = await user('ann@example.com')
    // Fields the file does not set keep their values.
    expect(ann).toMatchObject({ name: 'Ann Lee', agencyName: 'Beta', isActive: true })
    expect(await roleNames(ann!.roleIds)).toEqual(['Viewer'])
  })

  it('inserts and updates in one go ("both"), and an applied check cannot be applied twice', async () => {
    const fileId = await fileOf(['Name,Email,Active', 'Ann Renamed,ann@example.com,false', 'Cid New,cid@example.com,'])
    const checked = await check(fileId, 'users', 'both')
    expect(checked).toMatchObject({ inserts: 1, updates: 1, errorCount: 0 })
    expect(await apply(checked.checkId!)).toEqual({ inserted: 1, updated: 1 })
    expect(await user('ann@example.com')).toMatchObject({ name: 'Ann Renamed', isActive: false, agencyName: 'Beta' })
    expect(await user('cid@example.com')).toMatchObject({ name: 'Cid New', isActive: true })
    expect((await refused(ctx.api, 'imports.apply', { checkId: checked.checkId!, jobId: 'again' })).code).toBe('not_found')
  })

  it('gives new rows time-ordered ids (UUIDv7) in file order, by COPY and through the staging table alike', async () => {
    const idsOf = async (emails: string[]) => {
      const ids = []
      for (const email of emails) ids.push((await user(email))!.id)
      return ids
    }
    const expectOrdered = (ids: string[]) => {
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      expect([...ids].sort()).toEqual(ids)
      expect(Math.abs(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16) - Date.now())).toBeLessThan(60_000)
    }
    const inserts = ['ord3@example.com', 'ord1@example.com', 'ord2@example.com']
    const insertOnly = await check(await fileOf(['Name,Email', ...inserts.map((email) => `Ordered,${email}`)]), 'users', 'insert')
    await apply(insertOnly.checkId!)
    expectOrdered(await idsOf(inserts))
    // An update among them: the rows are staged, and the inserts take the ids made as they were.
    const mixed = ['ord6@example.com', 'ord1@example.com', 'ord4@example.com', 'ord5@example.com']
    const both = await check(await fileOf(['Name,Email', ...mixed.map((email) => `Ordered,${email}`)]), 'users', 'both')
    expect(await apply(both.checkId!)).toEqual({ inserted: 3, updated: 1 })
    expectOrdered(await idsOf(['ord6@example.com', 'ord4@example.com', 'ord5@example.com']))
  })

  it('refuses, as a conflict, an update of a row changed since the check, and writes none of the file', async () => {
    const fileId = await fileOf(['Name,Email', 'Ann Again,ann@example.com', 'Dee New,dee@example.com'])
    const checked = await check(fileId, 'users', 'both')
    const ann = (await user('ann@example.com'))!
    await call(ctx.api, 'users.save', { updates: [{ id: ann.id, updatedAt: ann.updatedAt, changes: { name: 'Ann Elsewhere' } }] })
    const error = await refused(ctx.api, 'imports.apply', { checkId: checked.checkId!, jobId: 'conflict' })
    expect(error.code).toBe('conflict')
    expect(error.fieldErrors).toEqual([{ rowId: 'Row 2', field: 'Email', message: 'Ann Elsewhere was changed by someone else since the check: check the file again to see it.' }])
    expect((await user('ann@example.com'))!.name).toBe('Ann Elsewhere')
    expect(await user('dee@example.com')).toBeUndefined()
  })

  it('checks again when applying: an email taken since the check refuses the whole file', async () => {
    const fileId = await fileOf(['Name,Email', 'Eve,eve@example.com', 'Fay,fay@example.com'])
    const checked = await check(fileId, 'users', 'insert')
    expect(checked.errorCount).toBe(0)
    await call(ctx.api, 'users.save', { inserts: [{ clientId: 'x', name: 'Other Eve', email: 'EVE@example.com' }] })
    const error = await refused(ctx.api, 'imports.apply', { checkId: checked.checkId!, jobId: 'taken' })
    expect(error.fieldErrors).toEqual([{ rowId: 'Row 2', field: 'Email', message: 'Email eve@example.com is already used by Other Eve' }])
    expect(await user('fay@example.com')).toBeUndefined()
  })

  it('checks again when applying: an agency deleted and a role renamed since the check refuse the rows naming them', async () => {
    await call(ctx.api, 'agencies.save', { inserts: [{ clientId: 'soon', name: 'Soon Gone' }] })
    await call(ctx.api, 'roles.save', { inserts: [{ clientId: 'temp', name: 'Temp' }] })
    const fileId = await fileOf(['Name,Email,Agency,Roles', 'Ida,ida@example.com,Soon Gone,Admin', 'Jon,jon@example.com,Acme,Temp;Viewer', 'Kim,kim@example.com,Acme,Admin'])
    const checked = await check(fileId, 'users', 'insert')
    expect(checked.errorCount).toBe(0)
    const soon = (await call(ctx.api, 'agencies.list', { filters: { name: 'Soon Gone' } })).rows[0]!
    await call(ctx.api, 'agencies.save', { deletes: [{ id: soon.id }] })
    const temp = (await call(ctx.api, 'roles.list', { filters: { name: 'Temp' } })).rows[0]!
    await call(ctx.api, 'roles.save', { updates: [{ id: temp.id, updatedAt: temp.updatedAt, changes: { name: 'Temporary' } }] })
    const error = await refused(ctx.api, 'imports.apply', { checkId: checked.checkId!, jobId: 'references' })
    expect(error.fieldErrors).toEqual([
      { rowId: 'Row 2', field: 'Agency', message: 'Agency Soon Gone is deleted' },
      { rowId: 'Row 3', field: 'Roles', message: 'No role is named Temp' },
    ])
    expect(await user('kim@example.com')).toBeUndefined()
  })

  it('refuses, as a conflict, a row that matched nothing when checked and matches a user added since', async () => {
    const fileId = await fileOf(['Name,Email', 'Gil,gil@example.com', 'Hal,hal@example.com'])
    const checked = await check(fileId, 'users', 'both')
    expect(checked).toMatchObject({ inserts: 2, updates: 0, errorCount: 0 })
    await call(ctx.api, 'users.save', { inserts: [{ clientId: 'x', name: 'Other Hal', email: 'hal@example.com' }] })
    const error = await refused(ctx.api, 'imports.apply', { checkId: checked.checkId!, jobId: 'added' })
    expect(error.code).toBe('conflict')
    expect(error.fieldErrors).toEqual([{ rowId: 'Row 3', field: 'Email', message: 'Other Hal was added by someone else since the check: check the file again.' }])
    expect(await user('gil@example.com')).toBeUndefined()
  })

  it('imports agencies and roles by name: a taken or deleted name is reported, descriptions update', async () => {
    const agencies = await fileOf(['Name,Users', 'Delta,0', 'Acme,3', 'Gone,0'])
    const refusedAgencies = await check(agencies, 'agencies', 'insert')
    expect(refusedAgencies.errors.map((e) => e.message)).toEqual([
      'An agency named Acme already exists',
      'An agency named Gone was deleted: show deleted agencies and restore it instead',
    ])
    const both = await check(await fileOf(['Name', 'Delta', 'Acme']), 'agencies', 'both')
    expect(both).toMatchObject({ inserts: 1, updates: 0, unchanged: 1 })
    expect(await apply(both.checkId!)).toEqual({ inserted: 1, updated: 0 })
    expect((await call(ctx.api, 'agencies.list', { filters: { name: 'Delta' } })).total).toBe(1)

    const roles = await check(await fileOf(['Name;Description', 'Admin;Runs everything', 'Auditor;Reads logs']), 'roles', 'both')
    expect(roles).toMatchObject({ inserts: 1, updates: 1, errorCount: 0 })
    expect(await apply(roles.checkId!)).toEqual({ inserted: 1, updated: 1 })
    const { rows } = await call(ctx.api, 'roles.list', { limit: 100 })
    expect(rows.filter((r) => r.name === 'Admin' || r.name === 'Auditor').map((r) => [r.name, r.description])).toEqual([
      ['Admin', 'Runs everything'],
      ['Auditor', 'Reads logs'],
    ])
  })

  it('refuses a mapping that cannot work, and notes unknown and repeated headers in the preview', async () => {
    const fileId = await fileOf(['Full name,Email,Email,Shoe size', 'Gil,gil@example.com,x@example.com,42'])
    const preview = await call(ctx.api, 'imports.preview', { fileId, resource: 'users' })
    expect(preview.mapping).toEqual([null, 'email', null, null])
    expect(preview.notes).toEqual([
      'Column "Full name" names no field of users: it is not imported unless you map it.',
      '"Email" appears more than once: only its first column is imported unless you map another.',
      'Column "Shoe size" names no field of users: it is not imported unless you map it.',
    ])
    const error = await refused(ctx.api, 'imports.check', { fileId, resource: 'users', mapping: [null, 'email', 'email', null], mode: 'insert', jobId: 'map' })
    expect(error.message).toBe('Email is set by two columns (2 and 3): leave one out. Map a column to Name: new users need it.')
    const semicolons = await call(ctx.api, 'imports.preview', { fileId: await fileOf(['Name;Email', 'A;a@example.com']), resource: 'users', delimiter: ',' })
    expect(semicolons.notes[0]).toMatch(/^No column header names a field of users/)
    expect(semicolons.notes[1]).toBe('The header reads as one column, "Name;Email": the file seems to use another separator. Choose it above.')
  })

  it('cancels a running check when asked', { timeout: 120_000 }, async () => {
    const lines = ['Name,Email']
    for (let i = 0; i < 60_000; i++) lines.push(`Person ${i},person${i}@example.com`)
    const fileId = await fileOf(lines)
    const preview = await call(ctx.api, 'imports.preview', { fileId, resource: 'users' })
    const running = ctx.api.call('imports.check', { fileId, resource: 'users', mapping: preview.mapping, mode: 'insert', jobId: 'cancel-me' })
    await expect.poll(async () => (await call(ctx.api, 'imports.progress', { jobId: 'cancel-me' })).rows, { timeout: 60_000 }).toBeGreaterThan(0)
    expect(await call(ctx.api, 'imports.cancel', { jobId: 'cancel-me' })).toEqual({ cancelled: true })
    const result = await running
    expect(result.ok ? null : result.error.code).toBe('cancelled')
    expect((await call(ctx.api, 'users.list', { filters: { email: 'person1@' } })).total).toBe(0)
  })
})
