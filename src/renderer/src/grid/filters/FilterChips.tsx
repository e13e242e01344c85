import type { FilterSetting } from '../../routes/address'
import type { GridViewControl } from '../../routes/useGridView'
import type { GridColumn, GridResource } from '../resource'
import type { ResourceTypes } from '../resourceTypes'
import { useChosenNames, type ChoiceSource } from './choices'
import { describeFilter } from './describe'
import { operatorOf, type FilterOperator } from './operators'

interface ChipProps<T extends ResourceTypes> {
  header: string
  operator: FilterOperator<T>
  setting: FilterSetting
  choices: ChoiceSource | undefined
  onRemove(): void
}

function FilterChip<T extends ResourceTypes>({ header, operator, setting, choices, onRemove }: ChipProps<T>) {
  const names = useChosenNames(choices, operator.operand, setting.args)
  const text = `${header} ${describeFilter(operator, setting, names)}`
  return (
    <span className="filter-chip" role="group" aria-label={`Filter ${text}`} title={text}>
      <span className="filter-chip-text">{text}</span>
      <button type="button" className="filter-chip-remove" aria-label={`Remove filter ${text}`} onClick={onRemove}>
        ✕
      </button>
    </span>
  )
}

/** The column filters that apply, in the columns' order. */
export function activeFilters<T extends ResourceTypes, Lookup>(columns: readonly GridColumn<T, Lookup>[], filters: Readonly<Record<string, FilterSetting>>) {
  return columns.flatMap((column) => {
    const setting = filters[column.id]
    const operator = column.filter && operatorOf(column.filter.operators, setting)
    return operator && setting && operator.apply({}, setting.args) ? [{ column, operator, setting }] : []
  })
}

interface Props<T extends ResourceTypes, Lookup> {
  resource: GridResource<T, Lookup>
  view: GridViewControl
}

/** Every column filter that applies (hidden columns' too), each a chip that removes it; several: Clear filters. */
export function FilterChips<T extends ResourceTypes, Lookup>({ resource, view }: Props<T, Lookup>) {
  const active = activeFilters(resource.columns, view.view.filters)
  if (active.length === 0) return null
  return (
    <div className="filter-bar" role="group" aria-label="Column filters">
      {active.map(({ column, operator, setting }) => (
        <FilterChip
          key={column.id}
          header={column.header}
          operator={operator}
          setting={setting}
          choices={column.filter?.choices}
          onRemove={() => view.setFilter(column.id, undefined)}
        />
      ))}
      {active.length > 1 && (
        <button type="button" className="button button--small" onClick={() => view.setView({ ...view.view, filters: {} })}>
          Clear filters
        </button>
      )}
    </div>
  )
}
