import { once } from 'node:events'
import { createReadStream, createWriteStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createInterface } from 'node:readline'
import { finished } from 'node:stream/promises'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { importCheckInput, importFields, MAX_LISTED_FAILURES, type ImportIssue, type ImportMode } from '../../shared/schemas/imports'
import { resources } from '../../shared/schemas/resources'
import { ApiFailure } from '../api-failure'
import { openCsv, type CsvFile } from '../csv/parse'
import { queryRows, type Database, type Executor } from '../db/client'
import { pgErrorOf } from '../db/pg-sentences'
import { cancelledFailure, type ImportJob } from './jobs'
import { servedResource } from '../resources'
import { ByteChunks } from './byte-chunks'
import { RepeatedKeys } from './repeated-keys'
import { uuidV7Sequence } from './ordered-ids'
import type { ImportSpec, MappedFields, NamesByTable, StagedRow } from './specs'
import { importTransaction, type StagingColumn } from './staging'

/** What to import and how, as the caller chose it. */
export type ImportPlan = Omit<z.output<typeof importCheckInput>, 'fileId' | 'jobId'>

/** A saved row an import matched, as it was when checked: an apply updates it only if it is unchanged. */
export interface MatchedRow {
  id: string
  updatedAt: string
}

/** Every problem found, counted exactly; the first failing rows' problems kept for the report. */
class Problems {
  count = 0
  conflicts = 0
  readonly rows = new Set<number>()
  readonly #kept: (ImportIssue & { conflict: boolean; column: number })[] = []

  /** `label`: a field's name for people; `order`: where its column is in the file, for listing a row's problems in order. */
  constructor(
    readonly label: (field: string) => string,
    readonly order: (field: string) => number,
  ) {}

  add(row: number, field: string, message: string, conflict = false): void {
    this.count++
    if (conflict) this.conflicts++
    this.rows.add(row)
    // Bounded memory on a file where every row fails; the report lists the first failing rows only.
    if (this.#kept.length < MAX_LISTED_FAILURES * 4) this.#kept.push({ row, field: this.label(field), message, conflict, column: this.order(field) })
  }

  /** The problems of the first MAX_LISTED_FAILURES failing rows, in row order. */
  listed(): ImportIssue[] {
    const rows = [...this.rows].sort((a, b) => a - b).slice(0, MAX_LISTED_FAILURES)
    const last = rows.at(-1) ?? 0
    return this.#kept
      .filter((p) => p.row <= last)
      .sort((a, b) => a.row - b.row || a.column - b.column)
      .map(({ row, field, message }) => ({ row, field, message }))
  }
}

export interface ImportOutcome {
  headers: string[]
  rows: number
  inserts: number
  updates: number
  unchanged: number
  problems: Problems
  /** Saved rows matched, by key: what an apply checks they still are. */
  matched: Map<string, MatchedRow>
  /** What the rows point at by name. */
  names: NamesByTable
}

/** What a check that passed hands its apply. */
export interface PassedRows {
  /** The rows the check passed, as staged, one JSON array a line. */
  rowsPath: string
  matched: Map<string, MatchedRow>
  names: NamesByTable
}

/** Refuses a mapping that cannot work, before a row is read: every reason at once. */
function checkMapping(spec: ImportSpec, plan: ImportPlan, headers: string[]): MappedFields {
  const fields = importFields(spec.resource)
  const labelOf = (field: string) => fields.find((f) => f.field === field)?.header ?? field
  const problems: string[] = []
  if (plan.mapping.length !== headers.length) problems.push(`The file has ${headers.length} columns, the mapping ${plan.mapping.length}: preview the file again.`)
  const seen = new Map<string, number>()
  plan.mapping.forEach((field, index) => {
    if (field === null) return
    if (!fields.some((f) => f.field === field)) problems.push(`Column ${index + 1} is mapped to ${field}, which is not a field of ${spec.resource}.`)
    else if (seen.has(field)) problems.push(`${labelOf(field)} is set by two columns (${seen.get(field)! + 1} and ${index + 1}): leave one out.`)
    else seen.set(field, index)
  })
  const key = resources[spec.resource].csv.matchBy
  if (!seen.has(key)) problems.push(`Map a column to ${labelOf(key)}: ${spec.resource} are matched${plan.mode === 'update' ? '' : ' and created'} by it.`)
  if (plan.mode !== 'update') {
    for (const field of spec.required) if (field !== key && !seen.has(field)) problems.push(`Map a column to ${labelOf(field)}: new ${spec.resource} need it.`)
  }
  if (problems.length > 0) throw new ApiFailure('validation', problems.join(' '), problems.map((message) => ({ field: '(mapping)', message })))
  return new Set(seen.keys())
}

const matchRow = z.object({ row: z.number(), key: z.string(), id: z.string(), updated_at: z.string(), label: z.string(), deleted: z.boolean() })
/** A key of the file as its check found it: the saved row it matches, if any. */
const keyFound = z.object({
  row: z.number(),
  key: z.string(),
  id: z.string().nullable(),
  updated_at: z.string().nullable(),
  label: z.string().nullable(),
  deleted: z.boolean().nullable(),
})
type KeyFound = z.output<typeof keyFound>
/** A key as the server answers it: by its place in the batch (1 for the first), not by its row. */
const keyFoundAt = keyFound.omit({ row: true }).extend({ n: z.number() })
/** What a check found of its file's keys: those matching saved rows, and each repeated key with its rows. */
interface CheckedKeys {
  keys: KeyFound[]
  repeats: Map<string, number[]>
}
/** Keys sent to be matched at once while a file is read. */
const KEY_BATCH_ROWS = 5_000
/** Batches sent and not yet answered before reading waits: the database's pace bounds what is held. */
const KEY_BATCHES_IN_FLIGHT = 2
/** Rows a repeated key's message lists before it only counts the rest. */
const LISTED_REPEATS = 10

/**
 * Checks the keys of a file's rows while it is still read: repeated keys in the main process
 * (RepeatedKeys), and matches with saved rows in batches sent to the database as rows come, so
 * matching 100,000 keys (0.2–0.6 s) costs the check no time after its last row.
 */
function keyChecker(tx: Executor, spec: ImportSpec, mode: ImportMode) {
  // In update mode every key is reported: one matching nothing is an error there.
  const join = mode === 'update' ? sql`left ${spec.matchJoin}` : spec.matchJoin
  const repeated = new RepeatedKeys()
  const found: KeyFound[] = []
  const pending: Promise<void>[] = []
  // A batch's keys go as one JSON list of strings and their rows stay here: half the server's work
  // of a list of {row, key} objects. The server answers with each key's place in the list.
  let batchRows: number[] = []
  let batchKeys: string[] = []
  const send = () => {
    const [rows, keys] = [batchRows, JSON.stringify(batchKeys)]
    batchRows = []
    batchKeys = []
    const answered = queryRows(
      tx,
      keyFoundAt,
      sql`select r.n::int as n, r.key, t.id, t.updated_at::text as updated_at, t.label, t.deleted
          from jsonb_array_elements_text(${keys}::jsonb) with ordinality as r(key, n) ${join}`,
    ).then((matches) => {
      for (const { n, ...match } of matches) found.push({ ...match, row: rows[n - 1]! })
    })
    // A failed batch is thrown by `found` or by the wait for it; until then, its rejection is handled.
    answered.catch(() => {})
    pending.push(answered)
  }
  return {
    /** Adds a row's key; a promise when the database is behind, to await before the next row. */
    add(row: number, key: string | null): Promise<void> | undefined {
      if (key === null) return undefined
      repeated.add(row, key)
      batchRows.push(row)
      batchKeys.push(key)
      if (batchKeys.length < KEY_BATCH_ROWS) return undefined
      send()
      return pending.length > KEY_BATCHES_IN_FLIGHT ? pending.shift() : undefined
    },
    /**
     * The keys matching saved rows (every key, in update mode), and the keys given by more than
     * one row with their rows, confirmed from the kept rows (`rowsPath`, complete by now).
     */
    async found(rowsPath: string): Promise<CheckedKeys> {
      if (batchKeys.length > 0) send()
      await Promise.all(pending)
      const suspects = repeated.suspects
      const keyOf = new Map<number, string>()
      if (suspects.size > 0) {
        for await (const [row, key] of keptRows(rowsPath)) if (suspects.has(row as number)) keyOf.set(row as number, key as string)
      }
      return { keys: found, repeats: RepeatedKeys.repeatsAmong(keyOf) }
    },
  }
}

/** "rows 6, 7", and past LISTED_REPEATS rows only how many more. */
function rowList(rows: number[]): string {
  const listed = rows.slice(0, LISTED_REPEATS).join(', ')
  return rows.length > LISTED_REPEATS ? `rows ${listed} and ${(rows.length - LISTED_REPEATS).toLocaleString('en')} more` : `rows ${listed}`
}

/**
 * Reports, for the names the rows give, every row naming one that points at nothing usable: the
 * rows are read again from the rows file, only when some name fails.
 */
async function reportNameProblems(
  tx: Executor,
  spec: ImportSpec,
  mapped: MappedFields,
  lock: boolean,
  names: NamesByTable,
  rowsPath: string,
  problems: Problems,
): Promise<void> {
  const failing = await spec.nameProblems(tx, mapped, lock, names)
  if (!spec.namesIn || ![...failing.values()].some((byName) => byName.size > 0)) return
  for await (const [row, , ...values] of keptRows(rowsPath)) {
    for (const [table, name] of spec.namesIn(values)) {
      const problem = failing.get(table)?.get(name)
      if (problem) problems.add(row as number, problem.field, problem.message)
    }
  }
}

const keyRows = z.object({ row: z.number(), key: z.string() })

/**
 * An apply's checks over its staged rows, again: what they point at by name (locked until the
 * import commits), and (unless `matchKeys` is false) that the rows the check matched are still as
 * it saw them and no row matches what matched nothing then. The check's rows file held no repeated key.
 */
async function checkStaged(
  tx: Executor,
  spec: ImportSpec,
  plan: ImportPlan,
  mapped: MappedFields,
  problems: Problems,
  { rowsPath, matched: remembered, names }: PassedRows,
  { matchKeys = true }: { matchKeys?: boolean } = {},
): Promise<{ matched: Map<string, MatchedRow> }> {
  const keyField = resources[spec.resource].csv.matchBy
  // Statistics for the joins of staged rows to the rows they update; an insert-only import has none.
  if (matchKeys && plan.mode !== 'insert') await tx.execute(sql`analyze import_rows`)
  await reportNameProblems(tx, spec, mapped, true, names, rowsPath, problems)
  if (!matchKeys) return { matched: new Map() }

  const matches = await queryRows(tx, matchRow, sql`select r.row, r.key, t.id, t.updated_at::text as updated_at, t.label, t.deleted from import_rows r ${spec.matchJoin}`)
  const matched = new Map<string, MatchedRow>()
  for (const m of matches) {
    if (plan.mode === 'insert' || m.deleted) {
      problems.add(m.row, keyField, spec.taken(m.label, m.key, m.deleted))
      continue
    }
    matched.set(m.key, { id: m.id, updatedAt: m.updated_at })
    const before = remembered.get(m.key)
    if (!before) problems.add(m.row, keyField, `${m.label} was added by someone else since the check: check the file again.`, true)
    else if (before.id !== m.id || before.updatedAt !== m.updated_at) {
      problems.add(m.row, keyField, `${m.label} was changed by someone else since the check: check the file again to see it.`, true)
    }
  }
  if (remembered.size > 0) {
    // Rows matched when checked and gone since.
    const unmatched = await queryRows(
      tx,
      keyRows,
      sql`select r.row, r.key from import_rows r left ${spec.matchJoin} where t.id is null and r.key is not null`,
    )
    for (const u of unmatched) {
      if (remembered.has(u.key)) problems.add(u.row, keyField, `The ${spec.noun} ${u.key} was deleted by someone else since the check.`, true)
    }
  }
  return { matched }
}

/** What a check's keys tell: repeated keys, keys taken or matching nothing, and the saved rows matched. */
function reportKeys(spec: ImportSpec, plan: ImportPlan, problems: Problems, { keys, repeats }: CheckedKeys) {
  const keyField = resources[spec.resource].csv.matchBy
  const label = problems.label(keyField)
  for (const [key, rows] of repeats) {
    const message = `${label} ${key} is in more than one row of this file (${rowList(rows)})`
    for (const row of rows) problems.add(row, keyField, message)
  }
  const matched = new Map<string, MatchedRow>()
  let matchedRows = 0
  for (const k of keys) {
    if (k.id === null) {
      if (plan.mode === 'update') problems.add(k.row, keyField, spec.notFound(k.key))
      continue
    }
    matchedRows++
    if (plan.mode === 'insert' || k.deleted) problems.add(k.row, keyField, spec.taken(k.label!, k.key, k.deleted!))
    else matched.set(k.key, { id: k.id, updatedAt: k.updated_at! })
  }
  return { matched, matchedRows }
}

/**
 * Reads every row and checks it with the grid's rules; keeps it (`keep`) with its key sent to be
 * checked, and gathers the names it gives. Counts the rows, and those that passed.
 */
async function readRows(
  file: CsvFile,
  spec: ImportSpec,
  plan: ImportPlan,
  problems: Problems,
  keep: (values: StagedRow) => Promise<unknown> | undefined,
  job: ImportJob,
  keys: ReturnType<typeof keyChecker>,
): Promise<{ rows: number; passed: number; names: NamesByTable }> {
  const columns = plan.mapping.flatMap((field, index) => (field === null ? [] : [[field, index] as const]))
  const names = new Map<string, Set<string>>()
  const cells = new Map<string, string>()
  let rows = 0
  let passed = 0
  for await (const batch of file.batches()) {
    job.throwIfCancelled()
    for (const record of batch) {
      rows++
      if (record.values.length !== file.headers.length) {
        problems.add(record.row, '(row)', `This row has ${record.values.length} values; the header has ${file.headers.length} columns`)
        continue
      }
      // One map, refilled for each row: convert is done with it before the next.
      for (const [field, index] of columns) cells.set(field, record.values[index]!)
      const converted = spec.convert(cells, plan.mode)
      for (const p of converted.problems) problems.add(record.row, p.field, p.message)
      for (const [table, name] of spec.namesIn?.(converted.values) ?? []) {
        let given = names.get(table)
        if (!given) names.set(table, (given = new Set()))
        given.add(name)
      }
      const [keeping, checking] = [keep([record.row, converted.key, ...converted.values]), keys.add(record.row, converted.key)]
      if (keeping) await keeping
      if (checking) await checking
      if (converted.problems.length === 0) passed++
    }
    job.progress.rows = rows
  }
  return { rows, passed, names }
}

const stagingColumns = (spec: ImportSpec): StagingColumn[] => [{ name: 'row', type: 'int' }, { name: 'key', type: 'text' }, ...spec.columns]
/** The id a staged row is inserted under, if it is: made as the apply stages it (uuidV7Sequence). */
const newIdColumn: StagingColumn = { name: 'new_id', type: 'uuid' }

/** The rows a check kept (rowsFileWriter), read again in order. */
async function* keptRows(rowsPath: string): AsyncGenerator<StagedRow> {
  for await (const line of createInterface({ input: createReadStream(rowsPath), crlfDelay: Infinity })) yield JSON.parse(line) as StagedRow
}

/** Bytes of the rows file written at once. */
const ROWS_FILE_CHUNK_BYTES = 256 * 1024

/** Writes staged rows to a file, one JSON array a line: what a check passed is what its apply writes. */
async function rowsFileWriter(path: string) {
  // Room for eight chunks before a write waits: with the default 16 KiB every chunk waited for the disk.
  const out = createWriteStream(path, { highWaterMark: ROWS_FILE_CHUNK_BYTES * 8 })
  const chunks = new ByteChunks(ROWS_FILE_CHUNK_BYTES)
  return {
    /** As StagingLoader's write: a promise only when a chunk was written out and the file is behind. */
    write(values: StagedRow): Promise<unknown> | undefined {
      const full = chunks.push(JSON.stringify(values) + '\n')
      return full && !out.write(full) ? once(out, 'drain') : undefined
    },
    async end() {
      out.end(chunks.take())
      await finished(out)
    },
  }
}

/**
 * Checks a file against the database without writing: every row with the grid's zod rules as it is
 * read, its key checked with others' while the file is read (keyChecker), then the names the rows
 * give, all at once (one transaction, rolled back). The rows are kept in `rowsPath` for the apply.
 */
export async function checkImport(database: Database, path: string, plan: ImportPlan, job: ImportJob, rowsPath: string): Promise<ImportOutcome> {
  const spec = servedResource(plan.resource).importSpec
  const problems = new Problems(labelFor(plan), (field) => plan.mapping.indexOf(field))
  const read = { delimiter: plan.delimiter, encoding: plan.encoding, signal: job.signal, onBytes: (n: number) => void (job.progress.bytesRead += n) }
  const file = await openCsv(path, read)
  const mapped = checkMapping(spec, plan, file.headers)
  job.progress.totalBytes = file.size

  return importTransaction(database, async ({ tx, cancelStatement }) => {
    job.onCancel(cancelStatement)
    job.throwIfCancelled()
    const keys = keyChecker(tx, spec, plan.mode)
    const kept = await rowsFileWriter(rowsPath)
    const { rows, passed, names } = await readRows(file, spec, plan, problems, kept.write, job, keys)
    await kept.end()
    job.throwIfCancelled()
    job.progress.phase = 'checking'
    const { matched, matchedRows } = reportKeys(spec, plan, problems, await keys.found(rowsPath))
    await reportNameProblems(tx, spec, mapped, false, names, rowsPath, problems)
    const changesSomething = spec.updatable.some((field) => mapped.has(field))
    return {
      headers: file.headers,
      rows,
      inserts: plan.mode === 'update' ? 0 : Math.max(0, passed - matchedRows),
      updates: changesSomething ? matched.size : 0,
      unchanged: changesSomething ? 0 : matched.size,
      problems,
      matched,
      names,
    }
  }, { commit: false }).catch((error: unknown) => {
    throw job.signal.aborted ? cancelledFailure() : error
  })
}

/**
 * Applies what a check passed (its rows, from `rowsPath`), in ONE transaction: the set-based checks
 * run again, and saved rows matched must still be as the check saw them (else a conflict); any
 * problem writes nothing. Inserts and updates are each one statement over all rows.
 */
export async function applyImport(database: Database, plan: ImportPlan, job: ImportJob, passed: PassedRows): Promise<{ inserted: number; updated: number }> {
  const { rowsPath, matched: remembered, names } = passed
  const spec = servedResource(plan.resource).importSpec
  const problems = new Problems(labelFor(plan), (field) => plan.mapping.indexOf(field))
  const mapped = new Set(plan.mapping.filter((field) => field !== null))
  job.progress.totalBytes = (await stat(rowsPath)).size

  return importTransaction(database, async ({ tx, cancelStatement, stage, copyInto }) => {
    job.onCancel(cancelStatement)
    // A file whose check matched no saved row only inserts: a key taken since the check is found by
    // the table's unique index as the rows are written, and only then are the keys matched, to say
    // which rows. (Matching 100,000 keys first would cost every import what only a race needs.)
    const insertsOnly = remembered.size === 0
    if (insertsOnly && copyInto && spec.insertByCopy) {
      const inserted = await insertByCopy(tx, job, rowsPath, (rows) => spec.insertByCopy!(tx, copyInto, rows, mapped, names))
      if (inserted !== null) return { inserted, updated: 0 }
    }
    const loader = await stage([...stagingColumns(spec), newIdColumn])
    const lines = createInterface({ input: createReadStream(rowsPath, { signal: job.signal }), crlfDelay: Infinity })
    const newId = uuidV7Sequence()
    let staged = 0
    for await (const line of lines) {
      job.progress.bytesRead += line.length + 1
      job.progress.rows = ++staged
      const sending = loader.write([...(JSON.parse(line) as StagedRow), newId()])
      if (sending) await sending
    }
    await loader.end()
    job.throwIfCancelled()
    job.progress.phase = 'checking'
    const { matched } = await checkStaged(tx, spec, plan, mapped, problems, passed, { matchKeys: !insertsOnly })
    if (problems.count > 0) throw refusal(problems)
    job.throwIfCancelled()
    job.progress.phase = 'writing'
    if (insertsOnly) {
      await insertOrNameTakenKeys(tx, () => spec.write(tx, mapped, false), async () => {
        await checkStaged(tx, spec, plan, mapped, problems, passed)
        return problems.count > 0 ? refusal(problems) : null
      })
      job.throwIfCancelled()
      return { inserted: staged, updated: 0 }
    }
    // The rows matched, as just read (and compared with the check's): updates only apply if they still are.
    if (matched.size > 0) {
      await tx.execute(sql`update import_rows r set target_id = t.id, read_at = t.updated_at from (select r.row, t.id, t.updated_at from import_rows r ${spec.matchJoin}) t where t.row = r.row`)
    }
    const updated = await spec.write(tx, mapped, matched.size > 0)
    const changesSomething = spec.updatable.some((field) => mapped.has(field))
    const expected = changesSomething ? matched.size : 0
    if (updated !== expected) {
      throw new ApiFailure('conflict', `${expected - updated} ${spec.resource} were changed by someone else while the import ran: nothing was written. Check the file again.`)
    }
    job.throwIfCancelled()
    return { inserted: staged - matched.size, updated }
  }, { commit: true }).catch((error: unknown) => {
    throw job.signal.aborted ? cancelledFailure() : error
  })
}

/**
 * The fast way to apply a check that matched no saved row (PostgreSQL): the spec COPYs the rows
 * straight into its tables, behind a savepoint. Null, with nothing written, when the spec found a
 * name that points at nothing any more or a unique key refused a row (saved since the check): the
 * staged path then runs and says which rows.
 */
async function insertByCopy(
  tx: Executor,
  job: ImportJob,
  rowsPath: string,
  insert: (rows: () => AsyncIterable<StagedRow>) => Promise<number | null>,
): Promise<number | null> {
  job.progress.phase = 'writing'
  // The spec reads the rows more than once: progress counts them on the first pass, then holds.
  const rows = async function* () {
    let [rowsRead, bytesRead] = [0, 0]
    for await (const line of createInterface({ input: createReadStream(rowsPath, { signal: job.signal }), crlfDelay: Infinity })) {
      job.progress.rows = Math.max(job.progress.rows, ++rowsRead)
      job.progress.bytesRead = Math.max(job.progress.bytesRead, (bytesRead += line.length + 1))
      yield JSON.parse(line) as StagedRow
    }
  }
  await tx.execute(sql`savepoint import_copy`)
  try {
    const inserted = await insert(rows)
    job.throwIfCancelled()
    if (inserted !== null) return inserted
  } catch (error) {
    if (pgErrorOf(error)?.code !== '23505') throw error // unique_violation
  }
  await tx.execute(sql`rollback to savepoint import_copy`)
  job.progress.bytesRead = 0
  job.progress.rows = 0
  return null
}

/**
 * Runs `write` behind a savepoint; if a unique key refuses it (a row saved since the check took a
 * key of the file), undoes it and refuses the import with what `explain` finds, row by row.
 */
async function insertOrNameTakenKeys(tx: Executor, write: () => Promise<unknown>, explain: () => Promise<ApiFailure | null>): Promise<void> {
  await tx.execute(sql`savepoint import_write`)
  try {
    await write()
  } catch (error) {
    if (pgErrorOf(error)?.code !== '23505') throw error // unique_violation
    await tx.execute(sql`rollback to savepoint import_write`)
    throw (await explain()) ?? error
  }
}

/** A field's header as the file's columns are known by ("Agency"); `Row` for a problem of the whole row. */
function labelFor(plan: ImportPlan): (field: string) => string {
  const fields = importFields(plan.resource)
  return (field) => fields.find((f) => f.field === field)?.header ?? (field === '(row)' ? 'Row' : field)
}

/** An apply that found problems: all of them, row by row; conflicts when that is all they are. */
function refusal(problems: Problems): ApiFailure {
  const fieldErrors = problems.listed().map((p) => ({ rowId: `Row ${p.row}`, field: p.field, message: p.message }))
  const onlyConflicts = problems.conflicts === problems.count
  const message = onlyConflicts
    ? `${problems.rows.size} rows were changed by someone else since the check: nothing was written. Check the file again.`
    : `${problems.count} problems in ${problems.rows.size} rows: nothing was written.`
  return new ApiFailure(onlyConflicts ? 'conflict' : 'validation', message, fieldErrors)
}

/** The values of the listed failing rows as read, for the downloadable CSV: a second pass over the file. */
export async function failingRows(path: string, plan: ImportPlan, rows: ReadonlySet<number>): Promise<{ row: number; values: string[] }[]> {
  if (rows.size === 0) return []
  const last = Math.max(...rows)
  const file = await openCsv(path, { delimiter: plan.delimiter, encoding: plan.encoding })
  const found: { row: number; values: string[] }[] = []
  for await (const record of file.records()) {
    if (rows.has(record.row)) found.push(record)
    if (record.row >= last) break
  }
  return found
}
