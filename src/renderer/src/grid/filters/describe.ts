import type { FilterSetting } from '../../routes/address'
import type { ResourceTypes } from '../resourceTypes'
import { dayStart, wholeDays, type FilterOperator } from './operators'

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

/** A day as the admin's locale writes it ("Mar 1, 2024"); the text itself when it is no day. */
export function formatDay(day: string | undefined): string {
  const start = dayStart(day)
  return start ? dayFormat.format(new Date(start)) : (day ?? '')
}

/** At most this many names are spelled out; the rest are counted. */
const NAMES_SHOWN = 2

function listNames(ids: readonly string[], names: ReadonlyMap<string, string>, joiner: string): string {
  const known = ids.map((id) => names.get(id) ?? '…')
  if (known.length <= NAMES_SHOWN) return known.join(joiner)
  return `${known.slice(0, NAMES_SHOWN).join(', ')} and ${known.length - NAMES_SHOWN} more`
}

/** What a filter is applied to, as words: “ann”, Mar 1, 2024, 7 days, Admin or Editor (empty for "is empty"). */
export function describeOperands<T extends ResourceTypes>(operator: FilterOperator<T>, args: readonly string[], names: ReadonlyMap<string, string>): string {
  switch (operator.operand) {
    case 'none':
      return ''
    case 'text':
      return `“${args[0] ?? ''}”`
    case 'day':
      return formatDay(args[0])
    case 'dayRange':
      return `${formatDay(args[0])} and ${formatDay(args[1])}`
    case 'days': {
      const days = wholeDays(args[0]) ?? 0
      return days === 1 ? '1 day' : `${days.toLocaleString()} days`
    }
    case 'boolean':
      return args[0] === 'true' ? 'yes' : 'no'
    case 'choice':
      return listNames(args, names, ', ')
    case 'choices':
      return listNames(args, names, operator.op === 'allOf' ? ' and ' : ' or ')
  }
}

/** A filter as a phrase after the column's title: "starts with “Ann”", "has all of Admin and Editor". */
export function describeFilter<T extends ResourceTypes>(operator: FilterOperator<T>, setting: FilterSetting, names: ReadonlyMap<string, string>): string {
  const operands = describeOperands(operator, setting.args, names)
  return operands === '' ? operator.label : `${operator.label} ${operands}`
}
