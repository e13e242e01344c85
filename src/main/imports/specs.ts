import type { SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { ImportMode } from '../../shared/schemas/imports'
import type { ResourceName } from '../../shared/schemas/resources'
import type { Executor } from '../db/client'
import type { ImportTransaction, StagedValue, StagingColumn } from './staging'

/** A problem with one row, before the row number is attached: the field (or `(row)`) and why. */
export interface RowProblem {
  field: string
  message: string
}

/**
 * One row, checked. A row with problems is still staged (its failing fields as null), so the
 * reference checks report its other fields' problems too: every problem is found in one check.
 */
export interface ConvertedRow {
  /** What the row is matched by, as the unique constraint compares it (emails ignoring case); null when invalid. */
  key: string | null
  /** The values of the spec's staging columns, in order. */
  values: StagedValue[]
  problems: RowProblem[]
}

/** A row as its check staged it: its number in the file, its key, then the spec's staging columns' values. */
export type StagedRow = StagedValue[]

/** COPY into one of Roster's tables (PostgreSQL only). */
export type CopyInto = NonNullable<ImportTransaction['copyInto']>

/** Which fields the file's columns set: a field left out keeps its saved value (or its default when inserted). */
export type MappedFields = ReadonlySet<string>

/** What checked rows point at by name, by table (`agencies` → the agency names given). */
export type NamesByTable = ReadonlyMap<string, ReadonlySet<string>>

/** A name a staged row points at: the table it names a row of, and the name. */
export type NameInRow = readonly [table: string, name: string]

/** Names that point at nothing usable, by table then name: the problem to report on each row naming one. */
export type NameProblems = ReadonlyMap<string, ReadonlyMap<string, RowProblem>>

export interface ImportSpec {
  resource: ResourceName
  /** What a row is, for people: "user". */
  noun: string
  /** The staging columns after `row` and `key`. */
  columns: StagingColumn[]
  /** Fields an update can change (the key is how rows are matched, never changed). */
  updatable: readonly string[]
  /** The insert schema's fields that have no default: an import that inserts must map them. */
  required: readonly string[]
  /** Checks one row's cells with the grid's own rules; returns its staged values, or its problems. */
  convert(cells: ReadonlyMap<string, string>, mode: ImportMode): ConvertedRow
  /**
   * Joins rows `r` with a `key` (staged rows, or a check's batch of keys) to the saved rows `t` they
   * match: `t.id`, `t.updated_at`, `t.label`, `t.deleted` selectable.
   */
  matchJoin: SQL
  notFound(key: string): string
  taken(label: string, key: string, deleted: boolean): string
  /** The names a staged row's values (after `row` and `key`) point at; absent when rows point at nothing by name. */
  namesIn?(values: StagedValue[]): Iterable<NameInRow>
  /**
   * The names given (`names`, all of them) that point at nothing usable (unknown, deleted), with
   * the problem to report on every row naming one; in `lock` mode the rows named are locked too.
   */
  nameProblems(tx: Executor, mapped: MappedFields, lock: boolean, names: NamesByTable): Promise<NameProblems>
  /** Inserts the rows matching nothing, updates those matched (`updates`: whether any were); returns how many were updated. */
  write(tx: Executor, mapped: MappedFields, updates: boolean): Promise<number>
  /**
   * Inserts checked rows (`rows` reads them again on each call) straight into the resource's tables
   * by COPY, without staging them again: what they point at by name (`names`, as the check gathered
   * them) is looked up and locked first. Returns how many rows it wrote; null, having written
   * nothing, when a name points at nothing any more (the staged path then says which rows). Without
   * it, inserts always take the staged path.
   */
  insertByCopy?(tx: Executor, copyInto: CopyInto, rows: () => AsyncIterable<StagedRow>, mapped: MappedFields, names: NamesByTable): Promise<number | null>
}

export const problemsOf = (error: z.ZodError): RowProblem[] =>
  error.issues.map((issue) => ({ field: issue.path.map(String).filter((p) => p !== 'changes')[0] ?? '(row)', message: issue.message }))

/** Validates `input` with the insert rules when rows may be inserted, else with the update rules. */
export function checkRules(insert: z.ZodType, changes: z.ZodType, mode: ImportMode, input: Record<string, unknown>): RowProblem[] {
  const result = mode === 'update' ? changes.safeParse(input) : insert.safeParse({ clientId: 'import', ...input })
  return result.success ? [] : problemsOf(result.error)
}

/** The insert schema's fields that have no default and cannot be left out. */
export const requiredOf = (insert: z.ZodObject, fields: readonly string[]) =>
  fields.filter((field) => {
    const rule = insert.shape[field]
    return rule !== undefined && !rule.safeParse(undefined).success
  })

/** A resource whose rows point at nothing by name. */
export const noNameProblems: ImportSpec['nameProblems'] = async () => new Map()
