import type { GridColumnDef } from './columns'
import type { GridRow } from './types'

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || value === '') return ''
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date)
}

/** The text a cell shows and copies. */
export function cellText(column: GridColumnDef, row: GridRow, roleNames: ReadonlyMap<string, string>): string {
  const meta = column.meta
  // Data columns are named after the row property they show.
  const value = row[column.id ?? '']
  if (meta?.format) return meta.format(value, row)
  switch (meta?.editor) {
    case 'boolean':
      return value ? 'Yes' : 'No'
    case 'agency':
      return (row.agencyName as string | null) ?? ''
    case 'roles':
      // By name, so the same roles always read the same way.
      return Array.isArray(value)
        ? value
            .map((id: string) => roleNames.get(id) ?? '…')
            .sort((a, b) => a.localeCompare(b))
            .join(', ')
        : ''
    default:
      return value === null || value === undefined ? '' : String(value)
  }
}
