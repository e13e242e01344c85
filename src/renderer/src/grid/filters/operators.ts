import { MAX_FILTER_IDS, MAX_LAST_DAYS } from '../../../../shared/schemas/filters'
import type { FilterSetting } from '../../routes/address'
import type { FilterKey, Filters, KeysAccepting, ResourceTypes } from '../resourceTypes'

/**
 * What an operator is applied to, which picks the control the filter menu shows for it: nothing
 * (is empty), a text, a day, two days, a number of days, yes or no, one choice or several (agencies, roles).
 */
export type OperandKind = 'none' | 'text' | 'day' | 'days' | 'dayRange' | 'boolean' | 'choice' | 'choices'

/** One way a column can be filtered: "starts with", "has all of", "in the last". */
export interface FilterOperator<T extends ResourceTypes> {
  /** Its name in the address: `startsWith`. */
  op: string
  /** How it reads after the column's title: "starts with". */
  label: string
  operand: OperandKind
  /** The list query's filters with this one added, or null when the operands are not (yet) a filter. */
  apply(filters: Partial<Filters<T>>, args: readonly string[]): Partial<Filters<T>> | null
}

type Operators<T extends ResourceTypes> = FilterOperator<T>[]

/** Sets one key of the list filters. The key's type (checked by each builder) says the contract takes the value. */
const withFilter = <T extends ResourceTypes>(filters: Partial<Filters<T>>, key: FilterKey<T>, value: unknown): Partial<Filters<T>> => ({ ...filters, [key]: value })

const trimmed = (args: readonly string[]) => args[0]?.trim() ?? ''

type TextOp = 'contains' | 'equals' | 'startsWith'
type EmptyOp = 'empty' | 'notEmpty'
const textLabels: Record<TextOp | EmptyOp, string> = {
  contains: 'contains',
  equals: 'equals',
  startsWith: 'starts with',
  empty: 'is empty',
  notEmpty: 'is not empty',
}

/** Text (ignoring case): contains, equals, starts with, is empty, is not empty; or those of `ops`. */
export function textOperators<T extends ResourceTypes>(
  key: FilterKey<T> & KeysAccepting<Filters<T>, { op: TextOp; value: string } | { op: EmptyOp }>,
  ops: readonly (TextOp | EmptyOp)[] = ['contains', 'equals', 'startsWith', 'empty', 'notEmpty'],
): Operators<T> {
  return ops.map((op) =>
    op === 'empty' || op === 'notEmpty'
      ? { op, label: textLabels[op], operand: 'none', apply: (filters) => withFilter(filters, key, { op }) }
      : {
          op,
          label: textLabels[op],
          operand: 'text',
          apply: (filters, args) => (trimmed(args) === '' ? null : withFilter(filters, key, { op, value: trimmed(args) })),
        },
  )
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const validIds = (args: readonly string[]) => args.length > 0 && args.length <= MAX_FILTER_IDS && args.every((arg) => UUID.test(arg))

/** A reference to another row (a user's agency): is, is none, is any of. */
export function referenceOperators<T extends ResourceTypes>(
  key: FilterKey<T> & KeysAccepting<Filters<T>, { op: 'is'; value: string } | { op: 'none' } | { op: 'anyOf'; values: string[] }>,
): Operators<T> {
  return [
    { op: 'is', label: 'is', operand: 'choice', apply: (filters, args) => (args.length === 1 && validIds(args) ? withFilter(filters, key, { op: 'is', value: args[0] }) : null) },
    { op: 'none', label: 'is none', operand: 'none', apply: (filters) => withFilter(filters, key, { op: 'none' }) },
    { op: 'anyOf', label: 'is any of', operand: 'choices', apply: (filters, args) => (validIds(args) ? withFilter(filters, key, { op: 'anyOf', values: [...args] }) : null) },
  ]
}

/** A set of references (a user's roles): has any of, has all of, has none of. */
export function setOperators<T extends ResourceTypes>(key: FilterKey<T> & KeysAccepting<Filters<T>, { op: 'anyOf' | 'allOf' | 'noneOf'; values: string[] }>): Operators<T> {
  const labels = { anyOf: 'has any of', allOf: 'has all of', noneOf: 'has none of' } as const
  return (['anyOf', 'allOf', 'noneOf'] as const).map((op) => ({
    op,
    label: labels[op],
    operand: 'choices',
    apply: (filters, args) => (validIds(args) ? withFilter(filters, key, { op, values: [...args] }) : null),
  }))
}

/** Yes or no. */
export function booleanOperators<T extends ResourceTypes>(key: FilterKey<T> & KeysAccepting<Filters<T>, boolean>): Operators<T> {
  return [{ op: 'is', label: 'is', operand: 'boolean', apply: (filters, args) => (args[0] === 'true' || args[0] === 'false' ? withFilter(filters, key, args[0] === 'true') : null) }]
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Midnight starting a day (`2024-03-01`) where the admin is, `offset` days later, as an ISO timestamp; null if it is no day. */
export function dayStart(day: string | undefined, offset = 0): string | null {
  const match = DAY.exec(day ?? '')
  if (!match) return null
  const [year, month, date] = [Number(match[1]), Number(match[2]) - 1, Number(match[3])]
  const start = new Date(year, month, date + offset)
  // 2024-02-31 would roll over into March: not a day.
  const rolled = new Date(year, month, date)
  if (rolled.getFullYear() !== year || rolled.getMonth() !== month || rolled.getDate() !== date) return null
  return start.toISOString()
}

export const wholeDays = (arg: string | undefined) => (/^\d{1,5}$/.test(arg ?? '') && Number(arg) >= 1 && Number(arg) <= MAX_LAST_DAYS ? Number(arg) : null)

/**
 * Timestamps, by whole days where the admin is: before a day, after a day, between two days (both
 * included), in the last N days (counted back from the database's clock, so a saved view moves with time).
 */
export function dateOperators<T extends ResourceTypes>(
  key: FilterKey<T> &
    KeysAccepting<Filters<T>, { op: 'before' | 'after'; value: string } | { op: 'between'; from: string; to: string } | { op: 'lastDays'; days: number }>,
): Operators<T> {
  return [
    {
      op: 'before',
      label: 'before',
      operand: 'day',
      apply: (filters, [day]) => {
        const value = dayStart(day)
        return value ? withFilter(filters, key, { op: 'before', value }) : null
      },
    },
    {
      op: 'after',
      label: 'after',
      operand: 'day',
      // After the whole day: from the next midnight on.
      apply: (filters, [day]) => {
        const value = dayStart(day, 1)
        return value ? withFilter(filters, key, { op: 'after', value }) : null
      },
    },
    {
      op: 'between',
      label: 'between',
      operand: 'dayRange',
      apply: (filters, [first, last]) => {
        const [from, to] = [dayStart(first), dayStart(last, 1)]
        return from && to && from < to ? withFilter(filters, key, { op: 'between', from, to }) : null
      },
    },
    {
      op: 'lastDays',
      label: 'in the last',
      operand: 'days',
      apply: (filters, [arg]) => {
        const days = wholeDays(arg)
        return days ? withFilter(filters, key, { op: 'lastDays', days }) : null
      },
    },
  ]
}

/** A column's filter as set, with its operator found; undefined when the column has no such operator. */
export const operatorOf = <T extends ResourceTypes>(operators: readonly FilterOperator<T>[], setting: FilterSetting | undefined) =>
  setting && operators.find((operator) => operator.op === setting.op)
