import { resources, type ResourceName } from './schemas/resources'

/**
 * How a cell reads in a CSV file, both ways: export writes it so, import reads it back so.
 * - `text`: the value as it is; `optionalText`: empty for none.
 * - `boolean`: `true` or `false`.
 * - `count`: a whole number; `timestamp`: ISO 8601 in UTC; `optionalTimestamp`: empty for none.
 * - `names`: several names in one cell, sorted, joined by {@link CSV_LIST_SEPARATOR}.
 */
export type CsvCellFormat = 'text' | 'optionalText' | 'boolean' | 'count' | 'timestamp' | 'optionalTimestamp' | 'names'

/** Joins the names of a `names` cell (a user's roles). */
export const CSV_LIST_SEPARATOR = ';'

/** How a `boolean` cell is written. */
export const CSV_TRUE = 'true'
export const CSV_FALSE = 'false'

/**
 * One CSV column of a resource: the grid column it mirrors, and the field an import sets from it.
 * Each resource lists its own in its definition (`csv.columns`, src/shared/schemas/<name>.ts).
 */
export interface CsvColumn<Shows extends string = string, Field extends string = string> {
  /** The header label, as the grid's column header reads. */
  header: string
  /** The row field the cell shows (for `names`, the ids whose names it lists). */
  shows: Shows
  format: CsvCellFormat
  /** The editable field an import sets from this column; absent for read-only columns. */
  sets?: Field
  /** Present only when the view includes deleted rows. */
  deletedOnly?: true
}

/** The columns an export of a view writes: `Deleted` only when the view shows deleted rows. */
export function exportedColumns(name: ResourceName, showsDeleted: boolean): readonly CsvColumn[] {
  return resources[name].csv.columns.filter((column) => showsDeleted || !column.deletedOnly)
}
