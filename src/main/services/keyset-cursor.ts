import { and, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { timestamp, unstorableText, type SortDirection } from '../../shared/schemas/common'
import { ApiFailure } from '../api-failure'
import type { OrderedKey, SortKey } from './list-query'

export const typed = (key: SortKey, value: unknown) => sql`${value}::${sql.raw(key.type)}`

/** Rows strictly after `values` in the order of `keys`: the keyset seek that costs the same at any depth. */
export function after(keys: OrderedKey[], values: unknown[]): SQL {
  if (comparableAsRow(keys)) {
    // A row comparison lets PostgreSQL start the index scan right at the cursor.
    const left = rowOfKeys(keys)
    const right = sql.join(keys.map((k, i) => typed(k, values[i])), sql`, `)
    return keys[0]!.direction === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`
  }
  const branches = keys.map((key, i) => {
    const ties = keys.slice(0, i).map((k, j) => (values[j] === null ? sql`${k.expr} is null` : sql`${k.expr} = ${typed(k, values[j])}`))
    return and(...ties, beyond(key, values[i]))
  })
  return or(...branches) ?? sql`false`
}

const rowOfKeys = (keys: OrderedKey[]): SQL => sql.join(keys.map((k) => sql`${k.expr}`), sql`, `)

/** Keys that never hold null and all run one way: one row comparison orders rows as they do. */
export const comparableAsRow = (keys: OrderedKey[]): boolean => keys.every((k) => !k.nullable && k.direction === keys[0]!.direction)

/**
 * Rows from the one whose keys `row` gives on, that row included: `row` is a subquery of one row
 * selecting the same keys. For keys `comparableAsRow` only; PostgreSQL starts an index scan there.
 */
export function fromRow(keys: OrderedKey[], row: SQLWrapper): SQL {
  const left = rowOfKeys(keys)
  return keys[0]!.direction === 'asc' ? sql`(${left}) >= (${row})` : sql`(${left}) <= (${row})`
}

function beyond(key: OrderedKey, value: unknown): SQL {
  if (key.direction === 'asc') {
    if (value === null) return sql`false`
    return key.nullable ? sql`(${key.expr} > ${typed(key, value)} or ${key.expr} is null)` : sql`${key.expr} > ${typed(key, value)}`
  }
  if (value === null) return sql`${key.expr} is not null`
  return sql`${key.expr} < ${typed(key, value)}`
}

export const signatureOf = (sort: { column: string; direction: SortDirection }[]) =>
  sort.map((s) => `${s.column}:${s.direction}`).join(',')

/** Cursors are opaque to callers; they carry the sort they were made for so a stale one is refused. */
export function encodeCursor(signature: string, values: unknown[]): string {
  return Buffer.from(JSON.stringify({ s: signature, v: values })).toString('base64url')
}

/** Whether a cursor value can stand for a sort key: the right type, null only where the column may be null. */
function fitsKey(key: SortKey, value: unknown): boolean {
  if (value === null) return key.nullable
  switch (key.type) {
    case 'uuid':
      return typeof value === 'string' && uuidPattern.test(value)
    case 'text':
      return typeof value === 'string' && unstorableText(value) === null
    case 'boolean':
      return typeof value === 'boolean'
    case 'timestamptz':
      return timestamp.safeParse(value).success
    case 'bigint':
      return Number.isSafeInteger(value)
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function parseCursor(cursor: string): { s?: unknown; v?: unknown } | null {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    return typeof parsed === 'object' && parsed !== null ? { s: Reflect.get(parsed, 's'), v: Reflect.get(parsed, 'v') } : null
  } catch {
    return null
  }
}

/**
 * The values of a cursor made for this sort. A cursor comes back from the caller, so it is checked
 * like any input: one value per key, each of the key's type, before any of it reaches SQL.
 */
export function decodeCursor(cursor: string, signature: string, keys: readonly SortKey[]): unknown[] {
  const parsed = parseCursor(cursor)
  if (parsed?.s !== signature) {
    throw new ApiFailure('validation', 'This page position is out of date for the current sort. Reload the list.', [
      { field: 'after', message: 'Cursor does not match the current sort' },
    ])
  }
  const values = parsed.v
  if (!Array.isArray(values) || values.length !== keys.length || !keys.every((key, i) => fitsKey(key, values[i]))) {
    throw new ApiFailure('validation', 'This page position is not one Roster made. Reload the list.', [
      { field: 'after', message: 'Cursor values do not fit the sort' },
    ])
  }
  return values
}
