import type { z } from 'zod'
import type { CsvColumn } from '../csv-columns'
import { listResult } from './common'
import type { ResourceName } from './resources'

/** A property of the row (any text for a row of unknown shape). */
type RowKey<Row extends z.ZodType> = unknown extends z.output<Row> ? string : keyof z.output<Row> & string

/** What the API knows of a resource, written once in its own module (users.ts, agencies.ts, roles.ts). */
export interface ResourceRules<Name extends string, Row extends z.ZodType, Query extends z.ZodType, Batch extends z.ZodType, Fields extends z.ZodRawShape> {
  name: Name
  /** One row of its `list` pages. */
  row: Row
  /** The query `list` and `count` take: sort columns, filters, search and page. */
  listQuery: Query
  /** The batch `save` takes: inserts, updates, deletes (and restores when it deletes softly). */
  saveBatch: Batch
  /** Rules for editing one field, as the grid checks a cell before staging it. */
  fieldRules: Fields
  /** The other resources its pages show: a save to one of them makes those pages stale. */
  shows: readonly ResourceName[]
  /**
   * Its rows as CSV: the columns, in the grid's order (export writes them, import reads them
   * back), and the field an import matches saved rows by.
   */
  csv: {
    columns: readonly CsvColumn<RowKey<Row>, keyof Fields & string>[]
    matchBy: keyof Fields & string
  }
}

/** A resource's rules, with the `list` result derived from its row. */
export const defineResource = <Name extends string, Row extends z.ZodType, Query extends z.ZodType, Batch extends z.ZodType, Fields extends z.ZodRawShape>(
  rules: ResourceRules<Name, Row, Query, Batch, Fields>,
) => ({ ...rules, listResult: listResult(rules.row) })

/** Any resource's definition, as the contract and the main process's registry take it. */
export type ResourceDefinition<Name extends string = string> = ReturnType<typeof defineResource<Name, z.ZodType, z.ZodType, z.ZodType, z.ZodRawShape>>
