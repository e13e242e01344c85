import { useCallback } from 'react'
import type { FilterControlProps } from './resource'
import { useDebouncedInput } from './useDebounced'

/** Matches text anywhere in the column; sent once typing pauses. */
export function TextFilterControl({ value, onChange, label }: FilterControlProps) {
  const settle = useCallback((text: string) => onChange(text === '' ? undefined : text), [onChange])
  const [text, setText] = useDebouncedInput(value ?? '', settle)
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

/** Yes, No or either. */
export function BooleanFilterControl({ value, onChange, label }: FilterControlProps) {
  return (
    <select className="filter-input" aria-label={`Filter ${label}`} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">Any</option>
      <option value="true">Yes</option>
      <option value="false">No</option>
    </select>
  )
}
