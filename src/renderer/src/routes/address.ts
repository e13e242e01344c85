/**
 * A screen's address in the URL hash: which screen, and how its grid is viewed (search, sort,
 * column filters, deleted rows). Pure functions, so the format is tested without a browser:
 *
 *   #/users?search=ann&sort=name,-createdAt&deleted=shown&name=startsWith:Ann&roleIds=allOf:<id>,<id>
 *
 * A filter is its operator and operands (`op:arg,arg`), each operand percent-encoded, so `:` and
 * `,` only ever separate. What cannot be read is left out, never an error: an address is typed by
 * hand, kept in bookmarks and saved views, and may outlive a column.
 */

/** One column's filter as the admin set it: an operator and its operands (text, ids, dates, a count), as text. */
export interface FilterSetting {
  op: string
  args: readonly string[]
}

/** How one grid is viewed: everything the address keeps. */
export interface GridView {
  search: string
  /** Column ids, first sort first. */
  sort: readonly { id: string; desc: boolean }[]
  /** By column id, in the order they were set. */
  filters: Readonly<Record<string, FilterSetting>>
  showDeleted: boolean
}

export interface Address {
  screen: string
  view: GridView
}

export const emptyView: GridView = { search: '', sort: [], filters: {}, showDeleted: false }

/** The parameters that are not a column's filter. */
const SEARCH = 'search'
const SORT = 'sort'
const DELETED = 'deleted'
const reserved = new Set([SEARCH, SORT, DELETED])

const OPERATOR = /^[A-Za-z]+$/
const COLUMN_ID = /^[A-Za-z][A-Za-z0-9_]*$/

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return null
  }
}

export function formatFilter({ op, args }: FilterSetting): string {
  return args.length === 0 ? op : `${op}:${args.map(encodeURIComponent).join(',')}`
}

/** A filter as the address writes it (`op:arg,arg`, each operand percent-encoded), or null. */
export function parseFilter(text: string): FilterSetting | null {
  const colon = text.indexOf(':')
  const op = colon < 0 ? text : text.slice(0, colon)
  if (!OPERATOR.test(op)) return null
  if (colon < 0) return { op, args: [] }
  const args = text
    .slice(colon + 1)
    .split(',')
    .map((arg) => decode(arg))
  return args.every((arg) => arg !== null) ? { op, args: args as string[] } : null
}

function parseSort(text: string): GridView['sort'] {
  const seen = new Set<string>()
  return text.split(',').flatMap((part) => {
    const desc = part.startsWith('-')
    const id = desc ? part.slice(1) : part
    if (!COLUMN_ID.test(id) || seen.has(id)) return []
    seen.add(id)
    return [{ id, desc }]
  })
}

/** Reads `location.hash` (with or without its `#`); an unknown screen is `home`'s. */
export function parseAddress(hash: string, screens: readonly string[], home: string): Address {
  const text = hash.replace(/^#/, '')
  const match = /^\/([^?]*)(?:\?(.*))?$/.exec(text)
  const screen = match && screens.includes(match[1]!) ? match[1]! : home
  if (!match || screen !== match[1]) return { screen, view: emptyView }
  let search = ''
  let sort: GridView['sort'] = []
  let showDeleted = false
  const filters: Record<string, FilterSetting> = {}
  for (const pair of (match[2] ?? '').split('&')) {
    if (pair === '') continue
    const equals = pair.indexOf('=')
    const key = decode(equals < 0 ? pair : pair.slice(0, equals))
    const value = decode(equals < 0 ? '' : pair.slice(equals + 1))
    if (key === null || value === null) continue
    if (key === SEARCH) search = value
    else if (key === SORT) sort = parseSort(value)
    else if (key === DELETED) showDeleted = value === 'shown'
    else if (COLUMN_ID.test(key)) {
      // Each operand was encoded on its own: they are read from the parameter's raw text.
      const filter = parseFilter(equals < 0 ? '' : pair.slice(equals + 1))
      if (filter) filters[key] = filter
    }
  }
  return { screen, view: { search, sort, filters, showDeleted } }
}

/** The hash for an address, `#/screen?…`; equal views give equal hashes. */
export function formatAddress({ screen, view }: Address): string {
  const params: string[] = []
  if (view.search !== '') params.push(`${SEARCH}=${encodeURIComponent(view.search)}`)
  if (view.sort.length > 0) params.push(`${SORT}=${view.sort.map(({ id, desc }) => (desc ? `-${id}` : id)).join(',')}`)
  if (view.showDeleted) params.push(`${DELETED}=shown`)
  for (const [id, filter] of Object.entries(view.filters)) {
    if (!reserved.has(id) && COLUMN_ID.test(id) && OPERATOR.test(filter.op)) params.push(`${id}=${formatFilter(filter)}`)
  }
  return `#/${screen}${params.length > 0 ? `?${params.join('&')}` : ''}`
}
