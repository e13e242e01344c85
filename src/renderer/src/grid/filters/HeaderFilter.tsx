import { useCallback } from 'react'
import type { FilterSetting } from '../../routes/address'
import type { ColumnFilter } from '../resource'
import type { ResourceTypes } from '../resourceTypes'
import { useDebouncedInput } from '../useDebounced'
import { useChosenNames } from './choices'
import { describeFilter } from './describe'
import { FilterMenu } from './FilterMenu'
import { operatorOf } from './operators'

interface Props<T extends ResourceTypes> {
  /** The column's title. */
  label: string
  filter: ColumnFilter<T>
  setting: FilterSetting | undefined
  /** Sets the column's filter (undefined: removes it). */
  onChange(setting: FilterSetting | undefined): void
}

const funnel = (
  <svg viewBox="0 0 24 24" width="13" height="13" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
    <path d="M3 5h18l-7 8.5V19l-4 2v-7.5z" />
  </svg>
)

/**
 * The text box under a text column's title: it edits the filter's text, with the operator set in
 * the menu beside it ("contains" until another is chosen); sent once typing pauses.
 */
function TextQuickFilter<T extends ResourceTypes>({ label, filter, setting, onChange }: Props<T>) {
  const operator = operatorOf(filter.operators, setting) ?? filter.operators[0]!
  const takesText = operator.operand === 'text'
  const settle = useCallback(
    (text: string) => onChange(text.trim() === '' ? undefined : { op: operator.op, args: [text] }),
    [onChange, operator.op],
  )
  const [text, setText] = useDebouncedInput(takesText ? (setting?.args[0] ?? '') : '', settle)
  const custom = setting !== undefined && operator !== filter.operators[0]
  return (
    <div className="header-filter">
      <input
        className="filter-input"
        type="search"
        aria-label={`Filter ${label}`}
        placeholder={custom ? `${operator.label[0]!.toUpperCase()}${operator.label.slice(1)}${takesText ? '…' : ''}` : 'Filter…'}
        disabled={!takesText}
        value={takesText ? text : ''}
        onChange={(e) => setText(e.target.value)}
      />
      <FilterMenu label={label} filter={filter} setting={setting} onChange={onChange}>
        <button type="button" className="filter-menu-button" aria-label={`${label} filter options`} title="Filter options" data-active={custom || undefined}>
          {funnel}
        </button>
      </FilterMenu>
    </div>
  )
}

/** Yes, No or either, under a yes/no column's title. */
function BooleanQuickFilter<T extends ResourceTypes>({ label, setting, onChange }: Props<T>) {
  const value = setting?.op === 'is' ? (setting.args[0] ?? '') : ''
  return (
    <select className="filter-input" aria-label={`Filter ${label}`} value={value} onChange={(e) => onChange(e.target.value ? { op: 'is', args: [e.target.value] } : undefined)}>
      <option value="">Any</option>
      <option value="true">Yes</option>
      <option value="false">No</option>
    </select>
  )
}

/** A button under the title saying how the column is filtered ("in the last 7 days"), opening its menu. */
function MenuFilter<T extends ResourceTypes>({ label, filter, setting, onChange }: Props<T>) {
  const operator = operatorOf(filter.operators, setting)
  const names = useChosenNames(filter.choices, operator?.operand ?? 'none', setting?.args ?? [])
  const summary = operator && setting && operator.apply({}, setting.args) ? describeFilter(operator, setting, names) : null
  return (
    <FilterMenu label={label} filter={filter} setting={setting} onChange={onChange}>
      <button type="button" className="filter-input filter-summary" aria-label={`Filter ${label}: ${summary ?? 'any'}`} title={summary ?? undefined} data-active={summary !== null || undefined}>
        <span className="filter-summary-text">{summary ?? 'Any'}</span>
        {funnel}
      </button>
    </FilterMenu>
  )
}

/** The filter row of a column's header: a quick control where the first operator has one, else the menu's button. */
export function HeaderFilter<T extends ResourceTypes>(props: Props<T>) {
  const first = props.filter.operators[0]?.operand
  if (first === 'text') return <TextQuickFilter {...props} />
  if (first === 'boolean' && props.filter.operators.length === 1) return <BooleanQuickFilter {...props} />
  return <MenuFilter {...props} />
}
