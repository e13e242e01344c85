import { sql, type Placeholder } from 'drizzle-orm'
import type { RosterDb } from '../db/client'
import { isoFromPg } from './listing'
import { PerDatabase } from './per-database'

/** Puts a value into a statement: as a parameter in place, or as a placeholder filled at each run. */
export type Bind = <T>(value: T) => T | Placeholder

/** Values as parameters in place: for statements built, run once and dropped. */
export const inPlace: Bind = (value) => value

/**
 * Hands out a placeholder per value and keeps the values, so one prepared statement serves every
 * value of a shape. Numbering continues from `base`, so a statement's own values never collide
 * with the filters' it extends, and the same shape always gets the same names.
 */
export class Placeholders {
  readonly values: Record<string, unknown>
  #next: number

  constructor(base?: Placeholders) {
    this.values = { ...base?.values }
    this.#next = base ? base.#next : 0
  }

  readonly bind: Bind = (value) => {
    const name = `p${this.#next++}`
    this.values[name] = value
    return sql.placeholder(name)
  }
}

/**
 * Drizzle sends a query unprepared unless it is given a name. Named, postgres.js prepares it once
 * per distinct SQL text (it keys its statement cache by text, so one name serves every shape;
 * PGlite ignores the name).
 */
const PREPARED = 'roster_page'

/** What both drivers' prepared queries offer besides Drizzle's typed `execute`: the driver's own rows. */
export interface PreparedRows {
  all(values?: Record<string, unknown>): Promise<Record<string, unknown>[]>
}

/** Anything Drizzle can prepare: a select whose fields come from `apiFields`. */
export interface Preparable {
  prepare(name: string): unknown
}

/** Shapes kept per database: a few hundred cover every grid's sorts and filters in use. */
export const STATEMENT_CACHE_SIZE = 200
const statements = new PerDatabase<PreparedRows>(STATEMENT_CACHE_SIZE)

/** How many shapes' statements are kept for this database. */
export const cachedStatementCount = (db: RosterDb): number => statements.size(db)

/**
 * The prepared statement for `shape` on this database, built once: building a select and printing
 * its SQL costs Drizzle more than PostgreSQL takes to run a page. Statements are kept per database
 * handle, so those of a short-lived transaction go with it.
 */
export function statementFor(db: RosterDb, shape: string, build: () => Preparable): PreparedRows {
  let statement = statements.get(db, shape)
  if (!statement) {
    statement = build().prepare(PREPARED) as PreparedRows
    statements.set(db, shape, statement)
  }
  return statement
}

/**
 * Runs a prepared page statement and returns its rows as the API sends them. Drizzle's per-cell
 * mapper would parse every timestamp into a Date only for the API to print it again, which on a
 * 100-row page costs more than the query itself; the driver's rows are used as they are and only
 * the timestamps (`instants`) are rewritten, text to text.
 */
export async function readRows<Row>(statement: PreparedRows, values: Record<string, unknown>, instants: readonly (keyof Row & string)[]): Promise<Row[]> {
  const rows = await statement.all(values)
  for (const row of rows) {
    for (const key of instants) {
      const value = row[key]
      if (typeof value === 'string') row[key] = isoFromPg(value)
    }
  }
  return rows as Row[]
}

/**
 * A page size written into the SQL rather than sent as a parameter: PostgreSQL cannot cost a
 * generic plan for `limit $1` (it assumes a tenth of the table), so it would plan the prepared
 * page query afresh on every call. Page sizes are a few validated integers, so the texts are few.
 */
export function inlineLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`Not a page size: ${limit}`)
  // Drizzle's limit() prints an SQL chunk as it is; its type only admits numbers and placeholders.
  return sql.raw(String(limit)) as unknown as number
}
