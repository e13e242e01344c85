import { LRUCache } from 'lru-cache'

/**
 * A value as an SQL constant of the type postgres.js would send it as a parameter: strings and
 * numbers untyped (PostgreSQL takes their type from where they stand, as it does a parameter's),
 * booleans, dates as timestamptz, bigints as int8. Strings are dollar-quoted, with a tag the value
 * does not contain, so nothing in them (quotes, backslashes) is read as SQL. Null for a value that
 * has no such constant here (arrays, objects, bytes, text with a NUL, which would cut the query;
 * undefined, which postgres.js refuses).
 */
function constant(value: unknown): string | null {
  if (value === null) return 'null'
  if (typeof value === 'boolean') return String(value)
  if (typeof value === 'number') return Number.isFinite(value) ? `'${value}'` : null
  if (typeof value === 'bigint') return `'${value}'::int8`
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : `'${value.toISOString()}'::timestamptz`
  if (typeof value !== 'string' || value.includes('\0')) return null
  let tag = '$v$'
  for (let n = 0; value.includes(tag); n++) tag = `$v${n}$`
  return `${tag}${value}${tag}`
}

/**
 * The parts of a query a parameter cannot be inside, each matched whole so the scan steps over it:
 * strings (with backslash escapes after E), quoted names, comments, dollar-quoted strings, and
 * names (which may hold a `$`); then a parameter, `$` and its number.
 */
const TOKENS =
  /[Ee]'(?:[^'\\]|\\[\s\S])*'?|'[^']*'?|"[^"]*"?|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|\$([A-Za-z_][A-Za-z_0-9]*)?\$[\s\S]*?(?:\$\1\$|$)|[A-Za-z_\u0080-\uffff][A-Za-z_0-9$\u0080-\uffff]*|\$(\d+)/g

/** A query cut at its parameters: the texts around them, and each parameter's number (1-based). */
interface Cut {
  texts: string[]
  numbers: number[]
}

/** Queries already cut: a page statement's text is the same at every run of its shape. */
const cuts = new LRUCache<string, Cut>({ max: 512 })

function cutAtParameters(query: string): Cut {
  const cut: Cut = { texts: [], numbers: [] }
  let from = 0
  for (const token of query.matchAll(TOKENS)) {
    const number = token[2]
    if (number === undefined) continue
    cut.texts.push(query.slice(from, token.index))
    cut.numbers.push(Number(number))
    from = token.index + token[0].length
  }
  cut.texts.push(query.slice(from))
  return cut
}

/**
 * `query` with its parameters ($1, $2, …) written in as constants, or null when one cannot be.
 * Run as a prepared statement, such a query is planned once for exactly those values and the plan
 * kept: a parameter would be planned again at every run (the session's plan_cache_mode is
 * force_custom_plan, so that no generic plan walks an index for a rare value), and planning is
 * most of a small page's time on the server (a 100-user page at 1M users: bind 0.6–0.9 ms of it,
 * 0.09 ms with the values written in). Each statement kept holds its plan on the server (~70 KB
 * for a users page); postgres.js keeps the 256 used last on each connection (patches/postgres+3.4.9.patch).
 */
export function inlineValues(query: string, parameters: readonly unknown[]): string | null {
  const constants: string[] = []
  for (const value of parameters) {
    const written = constant(value)
    if (written === null) return null
    constants.push(written)
  }
  let cut = cuts.get(query)
  if (!cut) {
    cut = cutAtParameters(query)
    cuts.set(query, cut)
  }
  let inlined = cut.texts[0]!
  for (const [i, number] of cut.numbers.entries()) {
    const written = constants[number - 1]
    if (written === undefined) return null
    inlined += written + cut.texts[i + 1]!
  }
  return inlined
}
