import { and, or, sql, type SQL, type SQLWrapper } from 'drizzle-orm'
import { timestamp, unstorableText, type SortDirection } from '../../shared/domain/common'
import { ApiFailure } from '../errors'

/** A column a list can sort on: its SQL, its type (for casting cursor values) and whether it can be null. */
export interface SortKey {
  expr: SQLWrapper
  type: 'text' | 'boolean' | 'timestamptz' | 'bigint' | 'uuid'
  nullable: boolean
}

export interface OrderedKey extends SortKey {
  direction: SortDirection
}

const typed = (key: SortKey, value: unknown) => sql`${value}::${sql.raw(key.type)}`

/**
 * ORDER BY for the chosen keys plus the id as tie-breaker, in PostgreSQL's default null order
 * (NULLS LAST ascending, FIRST descending) so (column, id) btree indexes serve it either way.
 * The id follows the first key's direction, so a single-column sort is one index scan.
 */
export function orderKeys(chosen: OrderedKey[], id: SortKey): OrderedKey[] {
  return [...chosen, { ...id, direction: chosen[0]?.direction ?? 'asc' }]
}

export const orderBy = (keys: OrderedKey[]): SQL[] =>
  keys.map((k) => (k.direction === 'asc' ? sql`${k.expr} asc` : sql`${k.expr} desc`))

/** Rows strictly after `values` in the order of `keys`: the keyset seek that costs the same at any depth. */
export function after(keys: OrderedKey[], values: unknown[]): SQL {
  const uniform = keys.every((k) => !k.nullable && k.direction === keys[0]!.direction)
  if (uniform) {
    // A row comparison lets PostgreSQL start the index scan right at the cursor.
    const left = sql.join(keys.map((k) => sql`${k.expr}`), sql`, `)
    const right = sql.join(keys.map((k, i) => typed(k, values[i])), sql`, `)
    return keys[0]!.direction === 'asc' ? sql`(${left}) > (${right})` : sql`(${left}) < (${right})`
  }
  const branches = keys.map((key, i) => {
    const ties = keys.slice(0, i).map((k, j) => (values[j] === null ? sql`${k.expr} is null` : sql`${k.expr} = ${typed(k, values[j])}`))
    return and(...ties, beyond(key, values[i]))
  })
  return or(...branches) ?? sql`false`
}

function beyond(key: OrderedKey, value: unknown): SQL {
  if (key.direction === 'asc') {
    if (value === null) return sql`false`
    return key.nullable ? sql`(${key.expr} > ${typed(key, value)} or ${key.expr} is null)` : sql`${key.expr} > ${typed(key, value)}`
  }
  if (value === null) return sql`${key.expr} is not null`
  return sql`${key.expr} < ${typed(key, value)}`
}

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

/**
 * The values of a cursor made for this sort. A cursor comes back from the caller, so it is checked
 * like any input: one value per key, each of the key's type, before any of it reaches SQL.
 */
export function decodeCursor(cursor: string, signature: string, keys: readonly SortKey[]): unknown[] {
  let parsed: { s?: unknown; v?: unknown } | null = null
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; v?: unknown }
  } catch {
    // refused below
  }
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

export const signatureOf = (sort: { column: string; direction: SortDirection }[]) =>
  sort.map((s) => `${s.column}:${s.direction}`).join(',')

/** `%term%` for ILIKE, with the user's own % _ and \ taken literally. */
export const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * A timestamptz as PostgreSQL prints it ('2026-11-15 01:18:29.95+00') in JavaScript's ISO form
 * ('2026-11-15T01:18:29.950Z'). Roster's sessions run in UTC, so this is string surgery; any other
 * offset goes through Date.
 */
export function isoFromPg(text: string): string {
  if (text.endsWith('+00') && text[10] === ' ' && (text.length === 22 || (text[19] === '.' && text.length <= 29))) {
    const fraction = text.length === 22 ? '000' : `${text.slice(20, -3)}00`.slice(0, 3)
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${fraction}Z`
  }
  return new Date(text.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toISOString()
}

/** The page's fields aliased to their API names, so the driver's rows arrive keyed as the API sends them. */
export function apiFields<Fields extends Record<string, SQLWrapper>>(fields: Fields): { [K in keyof Fields]: SQL.Aliased } {
  return Object.fromEntries(Object.entries(fields).map(([name, field]) => [name, sql`${field}`.as(name)])) as {
    [K in keyof Fields]: SQL.Aliased
  }
}
