import * as Popover from '@radix-ui/react-popover'
import { useId, useState, type FormEvent, type ReactNode } from 'react'
import type { FilterSetting } from '../../routes/address'
import type { ColumnFilter } from '../resource'
import type { ResourceTypes } from '../resourceTypes'
import { noChoices } from './choices'
import { OperandEditor, operandProblem } from './operands'
import { operatorOf, type FilterOperator } from './operators'
import './filters.css'

interface Props<T extends ResourceTypes> {
  /** The column's title. */
  label: string
  filter: ColumnFilter<T>
  setting: FilterSetting | undefined
  /** Sets the column's filter (undefined: removes it). */
  onChange(setting: FilterSetting | undefined): void
  /** The button that opens the menu. */
  children: ReactNode
}

/** Operands carried over when the operator changes to one applied to the same kind of thing (contains → starts with). */
const carriedArgs = <T extends ResourceTypes>(from: FilterOperator<T>, to: FilterOperator<T>, args: readonly string[]) => (from.operand === to.operand ? [...args] : [])

function FilterForm<T extends ResourceTypes>({ label, filter, setting, onChange, close }: Omit<Props<T>, 'children'> & { close(): void }) {
  const { operators } = filter
  const initial = operatorOf(operators, setting) ?? operators[0]!
  const [operator, setOperator] = useState(initial)
  const [args, setArgs] = useState<string[]>(() => (setting && initial.op === setting.op ? [...setting.args] : []))
  const [problem, setProblem] = useState<string | null>(null)
  const choices = filter.choices ?? noChoices
  const group = useId()

  const apply = (event: FormEvent) => {
    event.preventDefault()
    if (operator.apply({}, args) === null) return setProblem(operandProblem(operator.operand, choices.plural))
    onChange({ op: operator.op, args: operator.operand === 'none' ? [] : args })
    close()
  }
  return (
    <form className="filter-form" onSubmit={apply} noValidate>
      <fieldset className="filter-operators">
        <legend className="visually-hidden">{label}</legend>
        {operators.map((candidate) => (
          <label key={candidate.op} className="filter-choice">
            <input
              type="radio"
              name={group}
              checked={candidate === operator}
              onChange={() => {
                setArgs(carriedArgs(operator, candidate, args))
                setOperator(candidate)
                setProblem(null)
              }}
            />
            {candidate.label}
          </label>
        ))}
      </fieldset>
      <OperandEditor
        key={operator.op}
        operand={operator.operand}
        args={args}
        onArgs={(next) => {
          setArgs(next)
          setProblem(null)
        }}
        choices={choices}
      />
      {problem && (
        <p className="filter-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="filter-actions">
        {setting && (
          <button
            type="button"
            className="button button--small"
            onClick={() => {
              onChange(undefined)
              close()
            }}
          >
            Clear
          </button>
        )}
        <button type="submit" className="button button--small button--primary">
          Apply
        </button>
      </div>
    </form>
  )
}

/**
 * A column's filter menu (a Radix popover, so focus, Escape and clicks outside work as in the
 * other menus): its operators, what the chosen one is applied to, Apply and Clear.
 */
export function FilterMenu<T extends ResourceTypes>({ children, ...form }: Props<T>) {
  const [open, setOpen] = useState(false)
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger asChild>{children}</Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="picker filter-menu" role="dialog" aria-label={`Filter ${form.label}`} align="start" sideOffset={4} collisionPadding={8}>
          <FilterForm {...form} close={() => setOpen(false)} />
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
