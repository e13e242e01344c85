import type { RosterApi } from '../../../../shared/contract'
import type { DeleteWarning } from '../../grid/guards'
import { nouns } from '../../grid/words'

interface Role {
  id: string
  name: string
  /** As the list last read it: used when counting again fails. */
  userCount: number
}

const users = (n: number) => `${n.toLocaleString()} ${nouns(n, 'user')}`

/** Live users holding the role, counted now (the list's count may be minutes old); the listed count if that fails. */
async function holdersOf(api: RosterApi, role: Role): Promise<{ name: string; held: number; counted: boolean }> {
  const result = await api['users.count']({ filters: { roleId: role.id, deleted: 'exclude' } })
  return result.ok ? { name: role.name, held: result.data.total, counted: true } : { name: role.name, held: role.userCount, counted: false }
}

/**
 * What deleting roles takes with it: every user's assignment of them (the database removes those
 * with the role). Asked of the server when the delete is chosen; null when no user holds any.
 */
export async function roleDeleteWarning(api: RosterApi, roles: readonly Role[]): Promise<DeleteWarning | null> {
  const counts = await Promise.all(roles.map((role) => holdersOf(api, role)))
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
