import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { CSV_FALSE, CSV_LIST_SEPARATOR, CSV_TRUE } from '../../shared/csv-columns'
import { agencyFieldRules } from '../../shared/schemas/agencies'
import { roleFieldRules } from '../../shared/schemas/roles'
import { userFieldRules, userInsert, userUpdate } from '../../shared/schemas/users'
import { queryRows, type Executor } from '../db/client'
import { nextUpdatedAt } from '../db/schema/columns'
import { uuidV7Sequence } from '../imports/ordered-ids'
import { checkRules, problemsOf, requiredOf, type ImportSpec, type NameInRow, type RowProblem } from '../imports/specs'

// How a CSV import reads and writes users (src/main/imports): agency and roles by name.

const truths = new Set([CSV_TRUE, 'yes', 'y', '1', 'active'])
const falsehoods = new Set([CSV_FALSE, 'no', 'n', '0', 'inactive'])

/** A boolean cell: `true`/`false` as export writes it (yes/no, 1/0 too); blank: left as it is. */
function booleanCell(cell: string | undefined): boolean | undefined | RowProblem {
  if (cell === undefined || cell.trim() === '') return undefined
  const word = cell.trim().toLowerCase()
  if (truths.has(word)) return true
  if (falsehoods.has(word)) return false
  return { field: 'isActive', message: `Active must be ${CSV_TRUE} or ${CSV_FALSE}, not "${cell}"` }
}

/**
 * A user's roles by name: those whose names pass their rule, as a JSON list (staged so), and the
 * problems. The grid's rule for role lists (how many, none twice) is checked on stand-in ids, one
 * per distinct name, so its messages are the grid's own.
 */
function roleNames(cell: string): { valid: string; problems: RowProblem[] } {
  const names = cell.split(CSV_LIST_SEPARATOR).map((n) => n.trim()).filter((n) => n !== '')
  const problems: RowProblem[] = []
  const standIns = new Map<string, string>()
  // Names that pass their rule are still looked up, so an unknown one is reported with the rest.
  const valid = new Set<string>()
  for (const name of names) {
    if (!standIns.has(name)) standIns.set(name, `00000000-0000-4000-8000-${String(standIns.size).padStart(12, '0')}`)
    const checked = roleFieldRules.name.safeParse(name)
    if (checked.success) valid.add(name)
    else problems.push(...problemsOf(checked.error).map((p) => ({ ...p, field: 'roleIds' })))
  }
  const list = userFieldRules.roleIds.safeParse(names.map((n) => standIns.get(n)!))
  if (!list.success) problems.push(...problemsOf(list.error).map((p) => ({ ...p, field: 'roleIds' })))
  return { valid: JSON.stringify([...valid]), problems }
}

/** `check` remembered by cell text: a file repeats a few agency names and role lists over thousands of rows (read-only results). */
function rememberedByText<T>(check: (cell: string) => T): (cell: string) => T {
  const checked = new Map<string, T>()
  return (cell) => {
    let result = checked.get(cell)
    if (result === undefined) {
      if (checked.size >= 1_000) checked.clear()
      result = check(cell)
      checked.set(cell, result)
    }
    return result
  }
}

const roleNamesOf = rememberedByText(roleNames)
/** The names of a staged role list (JSON), read once per distinct list. */
const roleListNames = rememberedByText((list: string) => JSON.parse(list) as string[])

/** An agency's name checked with the agencies' own rule. */
const agencyNameProblems = rememberedByText((name: string): RowProblem[] => {
  const checked = agencyFieldRules.name.safeParse(name)
  return checked.success ? [] : problemsOf(checked.error).map((p) => ({ ...p, field: 'agencyId' }))
})

const namedRow = z.object({ name: z.string(), deleted: z.boolean() })

/** A set of names as a parameter: one JSON list, whatever how many. */
const nameList = (names: Iterable<string>) => sql`array(select jsonb_array_elements_text(${JSON.stringify([...names])}::jsonb))`

/** Every staged user's roles, new and updated alike (an update's old roles are deleted first), in key order. */
const insertRoles = (tx: Executor) =>
  tx.execute(sql`insert into user_roles (user_id, role_id)
    select coalesce(r.target_id, r.new_id), ro.id
    from import_rows r cross join lateral jsonb_array_elements_text(r.roles) as x(name) join roles ro on ro.name = x.name
    order by 1, 2`)

const idByName = z.object({ id: z.string(), name: z.string() })

/** The live agencies or roles with these names, locked against a delete or rename until the import commits: id by name. */
async function lockedIdsByName(tx: Executor, table: 'agencies' | 'roles', names: ReadonlySet<string>): Promise<Map<string, string>> {
  if (names.size === 0) return new Map()
  const live = table === 'agencies' ? sql`and deleted_at is null` : sql``
  const rows = await queryRows(
    tx,
    idByName,
    sql`select id, name from ${sql.identifier(table)} where name = any(${nameList(names)}) ${live} for share`,
  )
  return new Map(rows.map((row) => [row.name, row.id]))
}

export const usersImport: ImportSpec = {
  resource: 'users',
  noun: 'user',
  columns: [
    { name: 'email', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'agency', type: 'text' },
    { name: 'roles', type: 'jsonb' },
    { name: 'is_active', type: 'boolean' },
  ],
  updatable: ['name', 'agencyId', 'roleIds', 'isActive'],
  required: requiredOf(userInsert, ['name', 'email', 'agencyId', 'roleIds', 'isActive']),
  convert(cells, mode) {
    const input: Record<string, unknown> = {}
    const problems: RowProblem[] = []
    if (cells.has('name')) input.name = cells.get('name')
    if (cells.has('email')) input.email = cells.get('email')
    const activeCell = booleanCell(cells.get('isActive'))
    const active = typeof activeCell === 'boolean' ? activeCell : null
    if (typeof activeCell === 'object') problems.push(activeCell)
    else if (active !== null) input.isActive = active
    problems.push(...checkRules(userInsert, userUpdate.shape.changes, mode, input))
    const valid = (field: string) => !problems.some((p) => p.field === field)
    // Agency and roles are given by name: checked with the agencies' and roles' own name rules here,
    // looked up in the database with every other row's (reference checks).
    const agencyCell = cells.get('agencyId')?.trim() ?? ''
    const agencyProblems = agencyCell === '' ? [] : agencyNameProblems(agencyCell)
    problems.push(...agencyProblems)
    const agency = agencyCell === '' || agencyProblems.length > 0 ? null : agencyCell
    const roles = cells.has('roleIds') ? roleNamesOf(cells.get('roleIds')!) : null
    if (roles) problems.push(...roles.problems)
    const email = valid('email') && cells.has('email') ? String(input.email).trim() : null
    const name = valid('name') && cells.has('name') ? String(input.name).trim() : null
    return {
      key: email?.toLowerCase() ?? null,
      values: [email, name, agency, roles ? roles.valid : null, active],
      problems,
    }
  },
  // One probe of the unique lower(email) index per row (~0.25 s for 100,000 rows against 1M users):
  // as a plain join PostgreSQL hashes every user's lower(email) instead (~1.1 s). The LIMIT keeps
  // the lateral subquery from being flattened back into that join.
  matchJoin: sql`join lateral (select id, updated_at, name as label, false as deleted from users where lower(email) = r.key and deleted_at is null limit 1) t on true`,
  notFound: (email) => `No user has the email ${email}: choose "Insert and update" to add it`,
  taken: (label, email) => `Email ${email} is already used by ${label}`,
  // Staged values after row and key: email, name, agency, roles (a JSON list of names), is_active.
  namesIn([, , agency, roleList]) {
    const named: NameInRow[] = typeof agency === 'string' ? [['agencies', agency]] : []
    if (typeof roleList === 'string') for (const name of roleListNames(roleList)) named.push(['roles', name])
    return named
  },
  async nameProblems(tx, mapped, lock, names) {
    const problems = new Map<string, Map<string, RowProblem>>()
    const forShare = lock ? sql`for share` : sql``
    const agencyNames = names.get('agencies') ?? new Set()
    if (mapped.has('agencyId') && agencyNames.size > 0) {
      const found = await queryRows(tx, namedRow, sql`select name, deleted_at is not null as deleted from agencies where name = any(${nameList(agencyNames)}) ${forShare}`)
      const deletedByName = new Map(found.map((a) => [a.name, a.deleted]))
      // Unknown (no agency has the name) or deleted.
      const failing = [...agencyNames].filter((name) => deletedByName.get(name) ?? true)
      problems.set('agencies', new Map(failing.map((name) => [name, { field: 'agencyId', message: deletedByName.has(name) ? `Agency ${name} is deleted` : `No agency is named ${name}` }])))
    }
    const roleNames = names.get('roles') ?? new Set()
    if (mapped.has('roleIds') && roleNames.size > 0) {
      const found = await queryRows(tx, z.object({ name: z.string() }), sql`select name from roles where name = any(${nameList(roleNames)}) ${forShare}`)
      const known = new Set(found.map((r) => r.name))
      const unknown = [...roleNames].filter((name) => !known.has(name))
      problems.set('roles', new Map(unknown.map((name) => [name, { field: 'roleIds', message: `No role is named ${name}` }])))
    }
    return problems
  },
  // Staged values: row, key, then email, name, agency, roles (a JSON list of names), is_active.
  async insertByCopy(tx, copyInto, rows, mapped, names) {
    const agencyNames = names.get('agencies') ?? new Set()
    const roleNames = names.get('roles') ?? new Set()
    const agencyIds = await lockedIdsByName(tx, 'agencies', agencyNames)
    const roleIds = await lockedIdsByName(tx, 'roles', roleNames)
    if (agencyIds.size < agencyNames.size || roleIds.size < roleNames.size) return null
    // In id order, as they are written: each index of the ids is filled in sequence.
    const newId = uuidV7Sequence()
    const ids: string[] = []
    const newUsers = await copyInto('users', ['id', 'email', 'name', 'agency_id', 'is_active'])
    for await (const [, , email, name, agency, , active] of rows()) {
      const id = newId()
      ids.push(id)
      const sending = newUsers.write([id, email!, name!, typeof agency === 'string' ? agencyIds.get(agency)! : null, active ?? true])
      if (sending) await sending
    }
    await newUsers.end()
    if (!mapped.has('roleIds') || roleIds.size === 0) return ids.length
    const theirRoles = await copyInto('user_roles', ['user_id', 'role_id'])
    let index = 0
    for await (const [, , , , , roles] of rows()) {
      const id = ids[index++]!
      if (typeof roles !== 'string') continue
      for (const name of roleListNames(roles)) {
        const sending = theirRoles.write([id, roleIds.get(name)!])
        if (sending) await sending
      }
    }
    await theirRoles.end()
    return ids.length
  },
  async write(tx, mapped, updates) {
    // In id order: each index of the new rows' ids is then filled in sequence, not at random places.
    await tx.execute(sql`insert into users (id, email, name, agency_id, is_active)
      select r.new_id, r.email, r.name, a.id, coalesce(r.is_active, true)
      from import_rows r left join agencies a on a.name = r.agency where r.target_id is null order by r.new_id`)
    if (!updates) {
      if (mapped.has('roleIds')) await insertRoles(tx)
      return 0
    }
    const changed = await queryRows(
      tx,
      z.object({ id: z.string() }),
      sql`update users u set
            name = ${mapped.has('name') ? sql`r.name` : sql`u.name`},
            agency_id = ${mapped.has('agencyId') ? sql`a.id` : sql`u.agency_id`},
            is_active = coalesce(r.is_active, u.is_active),
            updated_at = ${nextUpdatedAt(sql`u.updated_at`)}
          from import_rows r left join agencies a on a.name = r.agency
          where u.id = r.target_id and u.updated_at = r.read_at and u.deleted_at is null
          returning u.id`,
    )
    if (mapped.has('roleIds')) {
      await tx.execute(sql`delete from user_roles ur using import_rows r where ur.user_id = r.target_id`)
      await insertRoles(tx)
    }
    return changed.length
  },
}
