import type { Table } from 'drizzle-orm'
import type { z } from 'zod'
import type { ResourceDefinition } from '../../shared/schemas/resource'

// The zod rules live in src/shared, which must not import Drizzle; these types hold them to the
// tables instead, so a column added, renamed or retyped without its rules fails to compile.

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false

/** A column's value as the API carries it: instants as ISO text. */
type OnTheWire<T> = T extends Date ? string : T

type Select<T extends Table> = T['$inferSelect']
type Insert<T extends Table> = T['$inferInsert']
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T]

type RowOf<R extends ResourceDefinition> = z.output<R['row']>
type InsertRulesOf<R extends ResourceDefinition> = z.output<R['saveBatch']> extends { inserts: (infer Row)[] } ? Row : never
type FieldRulesOf<R extends ResourceDefinition> = { [K in keyof R['fieldRules']]: z.output<R['fieldRules'][K]> }

/** Columns the row does not carry, or carries with another type. */
type RowMismatches<T extends Table, Row> = {
  [K in keyof Select<T>]-?: K extends keyof Row ? (Equal<Row[K], OnTheWire<Select<T>[K]>> extends true ? never : K) : K
}[keyof Select<T>]

/** Editable fields that are columns but do not produce the column's type. */
type FieldMismatches<T extends Table, Fields> = {
  [K in keyof Fields]-?: K extends keyof Insert<T> ? (Equal<Fields[K], Exclude<Insert<T>[K], undefined>> extends true ? never : K) : never
}[keyof Fields]

/** Columns an insert must fill that the insert rules leave out or fill with another type. */
type InsertMismatches<T extends Table, Inserted> =
  | Exclude<RequiredKeys<Insert<T>>, keyof Inserted>
  | { [K in keyof Inserted]-?: K extends keyof Insert<T> ? ([Inserted[K]] extends [Insert<T>[K]] ? never : K) : never }[keyof Inserted]

/** What disagrees between a table and a resource's rules, each by column name; all `never` when they agree. */
export interface Disagreement<T extends Table, R extends ResourceDefinition> {
  rowColumns: RowMismatches<T, RowOf<R>>
  fieldColumns: FieldMismatches<T, FieldRulesOf<R>>
  insertColumns: InsertMismatches<T, InsertRulesOf<R>>
}

type Disagreeing<D> = { [K in keyof D as [D[K]] extends [never] ? never : K]: D[K] }

/**
 * The table, accepted only when the rules agree with it: otherwise the compiler asks for a
 * property naming each disagreement (e.g. `{ rowColumns: "phone" }`: the row lacks `phone`).
 */
export type AgreeingTable<T extends Table, R extends ResourceDefinition> = T & Disagreeing<Disagreement<T, R>>
