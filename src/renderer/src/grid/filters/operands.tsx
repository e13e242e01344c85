import { useId, useState, type KeyboardEvent } from 'react'
import type { ChoiceSource } from './choices'
import { MAX_FILTER_IDS, MAX_LAST_DAYS } from '../../../../shared/schemas/filters'
import type { OperandKind } from './operators'

export interface OperandProps {
  operand: OperandKind
  args: readonly string[]
  onArgs(args: string[]): void
  /** Where a `choice` or `choices` operand picks from. */
  choices: ChoiceSource
}

/** "In the last …" offers these at a click; any other number can be typed. */
const DAY_PRESETS = [7, 30, 90, 365]

function DaysOperand({ args, onArgs }: OperandProps) {
  return (
    <div className="filter-operand">
      <div className="filter-presets" role="group" aria-label="Common periods">
        {DAY_PRESETS.map((days) => (
          <button key={days} type="button" className="button button--small" aria-pressed={args[0] === String(days)} onClick={() => onArgs([String(days)])}>
            {days} days
          </button>
        ))}
      </div>
      <label className="filter-field">
        <input className="text-input text-input--compact" type="number" min={1} max={MAX_LAST_DAYS} step={1} aria-label="Days" value={args[0] ?? ''} onChange={(e) => onArgs([e.target.value])} />
        days
      </label>
    </div>
  )
}

function BooleanOperand({ args, onArgs }: OperandProps) {
  const group = useId()
  return (
    <div className="filter-operand filter-range" role="radiogroup" aria-label="Value">
      {(['true', 'false'] as const).map((value) => (
        <label key={value} className="filter-choice">
          <input type="radio" name={group} checked={args[0] === value} onChange={() => onArgs([value])} />
          {value === 'true' ? 'Yes' : 'No'}
        </label>
      ))}
    </div>
  )
}

/**
 * The agencies or roles to choose from: what the search finds (the server searches, so any number
 * of them works), and those chosen that it does not find. Enter in the search takes its first match.
 */
function ChoiceOperand({ operand, args, onArgs, choices }: OperandProps) {
  const multiple = operand === 'choices'
  const [search, setSearch] = useState('')
  const found = choices.useSearch(search.trim())
  const names = choices.useNames(args)
  const group = useId()
  const chosen = new Set(args)
  // Chosen ones the search does not show stay in sight, above it; the others keep their place when checked.
  const shown = new Set(found.choices.map((choice) => choice.id))
  const options = [...args.filter((id) => !shown.has(id)).map((id) => ({ id, name: names.get(id) ?? '…' })), ...found.choices]
  const choose = (id: string, on: boolean) => {
    if (!multiple) onArgs([id])
    else onArgs(on ? [...args.filter((other) => other !== id), id] : args.filter((other) => other !== id))
  }
  const takeFirst = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return
    // Enter here chooses; Apply is the form's.
    event.preventDefault()
    const first = found.choices.find((choice) => !chosen.has(choice.id))
    if (first && search.trim() !== '') choose(first.id, true)
  }
  return (
    <div className="filter-operand">
      <input
        className="text-input text-input--compact"
        type="search"
        aria-label={`Search ${choices.plural}`}
        placeholder={`Search ${choices.plural}…`}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        onKeyDown={takeFirst}
      />
      <div className="filter-choices" role="group" aria-label={multiple ? `Choose ${choices.plural}` : `Choose one of the ${choices.plural}`}>
        {options.map((option) => (
          <label key={option.id} className="filter-choice">
            <input
              type={multiple ? 'checkbox' : 'radio'}
              name={group}
              checked={chosen.has(option.id)}
              disabled={multiple && !chosen.has(option.id) && args.length >= MAX_FILTER_IDS}
              onChange={(e) => choose(option.id, e.target.checked)}
            />
            <span className="filter-choice-name">{option.name}</span>
          </label>
        ))}
        {found.pending && <div className="picker-note">Loading {choices.plural}…</div>}
        {found.error && (
          <div className="picker-error" role="alert">
            {found.error}
          </div>
        )}
        {!found.pending && !found.error && found.choices.length === 0 && search.trim() !== '' && <div className="picker-note">Nothing matches “{search.trim()}”</div>}
        {found.total > found.choices.length && (
          <div className="picker-note">
            Showing {found.choices.length} of {found.total.toLocaleString()} — type to narrow
          </div>
        )}
      </div>
    </div>
  )
}

/** What an operator is applied to, edited in the filter menu: a text, a day or two, a number of days, yes or no, agencies or roles. */
export function OperandEditor(props: OperandProps) {
  const { operand, args, onArgs } = props
  switch (operand) {
    case 'none':
      return null
    case 'text':
      return (
        <input className="text-input text-input--compact" type="text" aria-label="Text" placeholder="Text…" value={args[0] ?? ''} onChange={(e) => onArgs([e.target.value])} autoFocus />
      )
    case 'day':
      return <input className="text-input text-input--compact" type="date" aria-label="Day" value={args[0] ?? ''} onChange={(e) => onArgs([e.target.value])} />
    case 'dayRange':
      return (
        <div className="filter-operand filter-day-range">
          <input className="text-input text-input--compact" type="date" aria-label="From" value={args[0] ?? ''} onChange={(e) => onArgs([e.target.value, args[1] ?? ''])} />
          <span>and</span>
          <input className="text-input text-input--compact" type="date" aria-label="To" value={args[1] ?? ''} onChange={(e) => onArgs([args[0] ?? '', e.target.value])} />
        </div>
      )
    case 'days':
      return <DaysOperand {...props} />
    case 'boolean':
      return <BooleanOperand {...props} />
    case 'choice':
    case 'choices':
      return <ChoiceOperand {...props} />
  }
}

/** Why the operands are not yet a filter, for the menu to say on Apply. */
export function operandProblem(operand: OperandKind, plural: string): string {
  switch (operand) {
    case 'text':
      return 'Type something to filter by.'
    case 'day':
      return 'Choose a day.'
    case 'dayRange':
      return 'Choose two days, the first not after the second.'
    case 'days':
      return `Type a number of days from 1 to ${MAX_LAST_DAYS.toLocaleString()}.`
    case 'boolean':
      return 'Choose yes or no.'
    case 'choice':
      return `Choose one of the ${plural}.`
    case 'choices':
      return `Choose from 1 to ${MAX_FILTER_IDS} ${plural}.`
    case 'none':
      return ''
  }
}
