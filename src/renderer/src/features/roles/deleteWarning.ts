import type { RosterApi } from '../../../../shared/contract'
import { MAX_FILTER_IDS } from '../../../../shared/schemas/filters'
import type { DeleteWarning } from '../../grid/guards'
import { nouns } from '../../grid/words'

interface Role {
  id: string
  name: string
  /** As the list last read it: used when counting again fails. */
  userCount: number
}

const users = (n: number) => `${n.toLocaleString()} ${nouns(n, 'user')}`

/**
 * Live users holding each role, read now (the list's counts may be minutes old; the database keeps
 * them counted as assignments are saved, so this costs a row or two per role); the listed counts if
 * that fails.
 */
async function holdersOf(api: RosterApi, roles: readonly Role[]): Promise<{ name: string; held: number; counted: boolean }[]> {
  // A filter names at most MAX_FILTER_IDS rows: more roles than that are read that many at a time.
  const chunks = Array.from({ length: Math.ceil(roles.length / MAX_FILTER_IDS) }, (_, i) => roles.slice(i * MAX_FILTER_IDS, (i + 1) * MAX_FILTER_IDS))
  const pages = await Promise.all(
    chunks.map((chunk) => api['roles.list']({ filters: { ids: chunk.map((role) => role.id) }, limit: chunk.length, fresh: true })),
  )
  const held = new Map(pages.flatMap((page) => (page.ok ? page.data.rows.map((row) => [row.id, row.userCount] as const) : [])))
  return roles.map((role) => {
    const now = held.get(role.id)
    return now === undefined ? { name: role.name, held: role.userCount, counted: false } : { name: role.name, held: now, counted: true }
  })
}

/**
 * What deleting roles takes with it: every user's assignment of them (the database removes those
 * with the role). Asked of the server when the delete is chosen; null when no user holds any.
 */
export async function roleDeleteWarning(api: RosterApi, roles: readonly Role[]): Promise<DeleteWarning | null> {
  const counts = await holdersOf(api, roles)
  const total = counts.reduce((sum, c) => sum + c.held, 0)
  if (total === 0) return null
  const stale = counts.some((c) => !c.counted) ? ' (as last loaded: counting them again failed)' : ''
  const [only] = counts
  if (counts.length === 1 && only) {
    return {
      title: `Delete ${only.name}?`,
      summary: `${only.name} is held by ${users(only.held)}${stale}; their assignments go with it.`,
      lines: [],
      confirm: 'Delete role',
    }
  }
  return {
    title: `Delete ${counts.length} roles?`,
    // A user holding two of them counts once per role: the total is of assignments.
    summary: `${total.toLocaleString()} ${nouns(total, 'assignment')} to users go with them${stale}.`,
    lines: counts.map((c) => `${c.name}: held by ${c.held === 0 ? 'no users' : users(c.held)}`),
    confirm: `Delete ${counts.length} roles`,
  }
}
