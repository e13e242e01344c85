import type { SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import { exportedColumns, type CsvColumn } from '../../shared/csv-columns'
import type { ResourceName } from '../../shared/schemas/resources'

/** What an export of a view reads: its CSV header, and the select whose rows are the file's lines. */
export interface ExportSelect {
  header: string[]
  /** One column per header, each cell as the file writes it; the view's WHERE and ORDER BY. */
  query: SQL
}

/** The columns to write: the chosen headers in the grid's order, or all the view shows. */
export interface ExportChoice {
  query: unknown
  /** Header labels; absent for every column of the view. */
  columns?: readonly string[] | undefined
}

/** How each CSV column of a resource reads in SQL, by the row field it shows. */
export type ExportCells = Readonly<Record<string, SQL | PgColumn>>

/** A resource's view as an export reads it: its cells, and its rows selected with the list's FROM, WHERE and ORDER BY. */
export interface ExportView {
  showsDeleted: boolean
  cells: ExportCells
  rows(fields: Record<string, SQL | PgColumn>): { getSQL(): SQL }
}

/** The view's columns (`Deleted` only when it shows deleted rows), narrowed to the chosen ones. */
function chosen(name: ResourceName, showsDeleted: boolean, headers: ExportChoice['columns']): readonly CsvColumn[] {
  const columns = exportedColumns(name, showsDeleted)
  return headers ? columns.filter((column) => headers.includes(column.header)) : columns
}

/**
 * The select an export of a resource's view runs — `select <cells> from … where <the list's
 * filters> order by <the list's order>`, cells in the columns' order: the grid's own filters,
 * search and sort (the functions its pages are built from). The list query's page (limit, offset,
 * cursor) is not used: an export reads every row. Each resource's service builds its `view`.
 */
export function exportSelectOf(name: ResourceName, choice: ExportChoice, view: ExportView): ExportSelect {
  const columns = chosen(name, view.showsDeleted, choice.columns)
  // Named by position: the rows are read as arrays, in this order.
  const fields = Object.fromEntries(
    columns.map((column, index) => {
      const cell = view.cells[column.shows]
      if (!cell) throw new Error(`The ${name} export has no cell for its ${column.header} column`)
      return [`c${index}`, cell]
    }),
  )
  return { header: columns.map((c) => c.header), query: view.rows(fields).getSQL() }
}
