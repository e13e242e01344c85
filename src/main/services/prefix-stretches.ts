import { getTableName, sql, type Column, type SQL } from 'drizzle-orm'
import { z } from 'zod'
import type { SortDirection } from '../../shared/schemas/common'
import type { TextCondition } from '../../shared/schemas/filters'
import { queryRows, type RosterDb } from '../db/client'
import { Remembered } from './per-database'
import type { Bind } from './statement-registry'

/** A text start's case variants beyond this many are not spelled out: the start is cut shorter instead. */
const MOST_STRETCHES = 16

/**
 * The characters ILIKE takes `char` for: PostgreSQL lowercases both sides, so a letter matches its
 * two cases, and i and k also the two other characters whose lowercase they are (İ, U+0130, and
 * the Kelvin sign, U+212A: the only ones, checked against every code point on PostgreSQL 15).
 * Null for a character outside printable ASCII, whose case PostgreSQL may fold otherwise.
 */
function variantsOf(char: string): string[] | null {
  const code = char.charCodeAt(0)
  if (char.length !== 1 || code < 0x20 || code > 0x7e) return null
  const [lower, upper] = [char.toLowerCase(), char.toUpperCase()]
  if (lower === upper) return [char]
  return [upper, lower, ...(lower === 'i' ? ['\u0130'] : lower === 'k' ? ['\u212a'] : [])]
}

/**
 * The spellings of `text`'s longest start with at most MOST_STRETCHES of them that ILIKE takes for
 * it ("Ann": ANN, ANn, … ann); none when its first character is not printable ASCII.
 */
export function caseVariants(text: string): string[] {
  let variants = ['']
  for (const char of text) {
    const options = variantsOf(char)
    if (!options || variants.length * options.length > MOST_STRETCHES) break
    variants = variants.flatMap((start) => options.map((option) => start + option))
  }
  return variants[0] === '' ? [] : variants
}

/** The least string after every string that starts with `start` (its last character's successor), as UTF-8 bytes compare. */
export const pastStart = (start: string) => start.slice(0, -1) + String.fromCharCode(start.charCodeAt(start.length - 1) + 1)

const collationRow = z.object({ provider: z.string().nullable(), collate: z.string().nullable(), encoding: z.string() })
const bytewise = new Remembered<boolean>(600_000)

/**
 * Whether `table.column` sorts its text as UTF-8 bytes (code points): the C, POSIX or C.UTF-8
 * collation of libc, or PostgreSQL's builtin provider (whose C.UTF-8 sorts so too), in a UTF-8
 * database. Its values starting with a string then lie together in its order. Linguistic
 * collations (en_US, ICU) weigh case after letters and may ignore punctuation or join letters
 * (Danish "aa" sorts after "z"): no stretch of them can be trusted to hold a start's matches.
 * The database's provider is read through `to_jsonb`, as PostgreSQL before 15 has no such column.
 */
export function sortsBytewise(db: RosterDb, table: string, column: string): Promise<boolean> {
  return bytewise.get(db, `${table}.${column}`, async () => {
    const [row] = await queryRows(
      db,
      collationRow,
      sql`select case when c.collname = 'default' then coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') else c.collprovider::text end as provider,
            case when c.collname = 'default' then d.datcollate::text else c.collcollate::text end as collate,
            pg_encoding_to_char(d.encoding)::text as encoding
          from pg_attribute a join pg_collation c on c.oid = a.attcollation cross join pg_database d
          where a.attrelid = to_regclass(${`public.${table}`}) and a.attname = ${column} and d.datname = current_database()`,
    )
    if (!row || row.encoding !== 'UTF8') return false
    return row.provider === 'b' || (row.provider === 'c' && /^(c|posix)(\.utf-?8)?$/i.test(row.collate ?? ''))
  })
}

/** One stretch of a column's order: its values from `from` up to, not including, `to`. */
export interface Stretch {
  from: string
  to: string
}

/** Conditions on a column, each one stretch of its order, that together hold every row a filter matches. */
export interface Stretches {
  stretches: Stretch[]
  /** The condition that holds the column to one stretch. */
  within(stretch: Stretch, bind: Bind): SQL
  /**
   * The filter (by name) that every row of the stretches matches, when they hold its matches
   * exactly (a start spelled out whole): a walk of them need not test it, and PostgreSQL, which
   * would take it for a second, independent condition, then estimates their rows as they are.
   */
  holds?: string
}

/**
 * The stretches of `column`'s order that hold every value a "starts with" or "equals" condition
 * (the list's filter `filter`) matches, where the column sorts bytewise: one per case variant of
 * the text's start ("Ann": eight, from ANN to ann), each a range its (column, id) index reads in
 * order. Null for other conditions, a text that starts with no printable ASCII, or a linguistic
 * collation.
 */
export async function prefixStretches(db: RosterDb, filter: string, column: Column, condition: TextCondition | undefined): Promise<Stretches | null> {
  if (condition?.op !== 'startsWith' && condition?.op !== 'equals') return null
  const starts = caseVariants(condition.value)
  if (starts.length === 0 || !(await sortsBytewise(db, getTableName(column.table), column.name))) return null
  // Spelled out whole (every spelling is a character per character of the start), the stretches
  // hold exactly the rows that start so; unless a spelling has İ or the Kelvin sign, which only a
  // Unicode-aware lowercase takes for i or k (under a C character type, ILIKE does not).
  const whole = condition.op === 'startsWith' && starts[0]!.length === condition.value.length && starts.every((start) => /^[\x20-\x7e]*$/.test(start))
  return {
    stretches: starts.map((start) => ({ from: start, to: pastStart(start) })),
    within: ({ from, to }, bind) => sql`(${column} >= ${bind(from)} and ${column} < ${bind(to)})`,
    ...(whole ? { holds: `${filter}:startsWith` } : {}),
  }
}

/** Where a stretch lies from a value on, in one direction of its order: all passed, all still to come, or the value within it. */
export type StretchFrom = 'passed' | 'ahead' | 'within'

/**
 * Where each stretch lies from `value` on, read in `direction`: a walk from a cursor reads only the
 * stretches still ahead, and compares rows with the cursor only in the one it lies in.
 * PostgreSQL would otherwise start every stretch's index scan at the cursor, not at the stretch
 * (a row comparison and a range on one column are not merged into one bound), and walk from
 * there to the stretch's end: at 10M users, from Ann Andersen on to aNN, 0.7–0.9 s a stretch.
 * The values compare as UTF-8 bytes, as the column sorts.
 */
export function stretchesFrom(stretches: Stretch[], value: string, direction: SortDirection): StretchFrom[] {
  const bytes = (text: string) => Buffer.from(text, 'utf8')
  const at = bytes(value)
  return stretches.map(({ from, to }) => {
    const [startsAfter, endsBefore] = [Buffer.compare(bytes(from), at) > 0, Buffer.compare(bytes(to), at) <= 0]
    if (direction === 'asc') return endsBefore ? 'passed' : startsAfter ? 'ahead' : 'within'
    return startsAfter ? 'passed' : endsBefore ? 'ahead' : 'within'
  })
}
