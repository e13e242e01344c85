import type { Column } from '@tanstack/react-table'
import { useCallback } from 'react'
import type { GridFeatures } from './columns'
import { useAllRoles } from './data/useAllRoles'
import type { ColumnFilterSpec, GridRow } from './types'
import { useDebouncedInput } from './useDebounced'

interface Props {
  column: Column<GridFeatures, GridRow, unknown>
  spec: ColumnFilterSpec
  label: string
}

function TextFilter({ column, label }: Omit<Props, 'spec'>) {
  const setFilter = useCallback((text: string) => column.setFilterValue(text === '' ? undefined : text), [column])
  const [text, setText] = useDebouncedInput(String(column.getFilterValue() ?? ''), setFilter)
  return (
    <input
      className="filter-input"
      type="search"
      aria-label={`Filter ${label}`}
      placeholder="Filter…"
      value={text}
      onChange={(e) => setText(e.target.value)}
    />
  )
}

function RoleFilter({ column, label }: Omit<Props, 'spec'>) {
  const roles = useAllRoles()
  return (
    <select
      className="filter-input"
      aria-label={`Filter ${label}`}
      value={String(column.getFilterValue() ?? '')}
      onChange={(e) => column.setFilterValue(e.target.value || undefined)}
    >
      <option value="">Any role</option>
      {roles.data?.list.map((role) => (
        <option key={role.id} value={role.id}>
          {role.name}
        </option>
      ))}
    </select>
  )
}

/** The filter under a column's title; the server applies it to the whole table. */
export function ColumnFilter({ column, spec, label }: Props) {
  if (spec.kind === 'text') return <TextFilter column={column} label={label} />
  if (spec.kind === 'role') return <RoleFilter column={column} label={label} />
  return (
    <select
      className="filter-input"
      aria-label={`Filter ${label}`}
      value={String(column.getFilterValue() ?? '')}
      onChange={(e) => column.setFilterValue(e.target.value || undefined)}
    >
      <option value="">Any</option>
      <option value="true">Yes</option>
      <option value="false">No</option>
    </select>
  )
}
