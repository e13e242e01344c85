import { sql, type Placeholder } from 'drizzle-orm'
import { stringify as stableJson } from 'safe-stable-stringify'
import type { RosterDb } from '../db/client'
import { mapRowsOnce } from './flat-rows'
import { PerDatabase } from './per-database'
import type { StretchFrom } from './prefix-stretches'

/** Puts a value into a statement: as a parameter in place, or as a placeholder filled at each run. */
export type Bind = <T>(value: T) => T | Placeholder

/** Values as parameters in place: for statements built, run once and dropped. */
export const inPlace: Bind = (value) => value

/**
 * Hands out a placeholder per value and keeps the values, so one statement built by Drizzle serves
 * every value of a shape (on the server, each set of values is a statement of its own:
 * src/main/db/inline-values.ts). Numbering continues from `base`, so a statement's own values never collide
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

/** How a page (or its count) is read: with the list's shape, it decides the statement's SQL. */
export type Reading =
  | { way: 'start' | 'end'; limit: number; offset: boolean }
  | { way: 'after'; limit: number; nulls: readonly boolean[] }
  | { way: 'walk'; limit: number; offset: boolean; nulls: readonly boolean[] | null; ends: boolean | null; stretched: { count: number; held: boolean } | null }
  | { way: 'stretches'; places: readonly StretchFrom[]; limit: number; offset: boolean; nulls: readonly boolean[] | null; reversed: boolean }
  | { way: 'seek'; limit: number }
  | { way: 'between'; limit: number; offset: boolean; from: readonly boolean[] | null; to: readonly boolean[] | null }
  | { way: 'sample'; sampled: boolean; offset: boolean }
  | { way: 'count' | 'kept'; stretches?: number }

/**
 * What one prepared statement is for: which list, its sort, which filters are in force (by name,
 * their values held apart) and how it reads. Two requests of one shape share a statement.
 */
export interface StatementShape {
  list: string
  sort: string
  filters: readonly string[]
  reading: Reading
  /** Read matches first and sorted after (a view its filters narrow to few rows), not in index order. */
  matchesFirst?: boolean
}

/** A prepared statement run with each request's values, its rows typed as the list's rows. */
export interface PreparedRead<Row> {
  execute(values?: Record<string, unknown>): Promise<Row[]>
}

/** A query Drizzle can prepare: a select whose fields are the API's row. */
export interface Preparable<Row> {
  prepare(name: string): PreparedRead<Row>
}

/**
 * Drizzle sends a query unprepared unless it is given a name. Named, postgres.js prepares it once
 * per distinct SQL text, its values written in (it keys its statement cache by text, keeping the
 * 256 used last on each connection, so one name serves every shape; PGlite ignores the name).
 */
const PREPARED = 'roster_page'

/** Shapes kept per database: a few hundred cover every grid's sorts and filters in use. */
export const STATEMENT_CACHE_SIZE = 200

/**
 * Prepared statements per database handle, by shape: building a select and printing its SQL costs
 * Drizzle more than PostgreSQL takes to run a page, so each shape is built once. Kept per handle,
 * so those of a short-lived transaction go with it. One registry per row type.
 */
export class StatementRegistry<Row> {
  readonly #statements = new PerDatabase<PreparedRead<Row>>(STATEMENT_CACHE_SIZE)

  /** The statement for `shape` on this database, built by `build` the first time. */
  statementFor(db: RosterDb, shape: StatementShape, build: () => Preparable<Row>): PreparedRead<Row> {
    // Every field of the shape, keys in a fixed order: the same shape always gives the same key.
    const key = stableJson(shape)
    let statement = this.#statements.get(db, key)
    if (!statement) {
      statement = mapRowsOnce(build().prepare(PREPARED))
      this.#statements.set(db, key, statement)
    }
    return statement
  }

  /** How many shapes' statements are kept for this database. */
  size(db: RosterDb): number {
    return this.#statements.size(db)
  }
}
