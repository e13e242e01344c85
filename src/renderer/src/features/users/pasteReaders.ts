import { CSV_LIST_SEPARATOR } from '../../../../shared/csv-columns'
import { MAX_PAGE_SIZE } from '../../../../shared/schemas/common'
import type { RosterApi } from '../../../../shared/contract'
import { messageOf, unwrap } from '../../api/request-error'
import type { ReadContext, ReadValue } from '../../grid/resource'
import type { RoleNames, UserTypes } from './types'

type Read = ReadValue<UserTypes>

const fold = (name: string) => name.trim().toLocaleLowerCase()

/** Names asked of the server at once: a paste of many different agencies stays a few requests wide. */
const LOOKUPS_AT_ONCE = 6

/** The live agency with exactly this name (ignoring case; an exact-case match wins), or why there is none. */
async function findAgency(api: RosterApi, name: string): Promise<Read> {
  try {
    // The name filter matches anywhere in the name: the exact one is picked from what contains it.
    const page = unwrap(await api['agencies.choices']({ search: name, limit: MAX_PAGE_SIZE }))
    const matches = page.rows.filter((row) => fold(row.name) === fold(name))
    const agency = matches.find((row) => row.name === name) ?? matches[0]
    return agency ? { ok: true, value: agency.id, display: { agencyName: agency.name } } : { ok: false, message: `No agency is named “${name}”` }
  } catch (error) {
    return { ok: false, message: `The agency “${name}” could not be looked up: ${messageOf(error)}` }
  }
}

/** Agencies are pasted by name (as the grid shows and copies them); an empty cell means no agency. */
export async function readAgencyNames(texts: readonly string[], { api }: ReadContext<RoleNames>): Promise<Read[]> {
  const names = [...new Set(texts.map((text) => text.trim()).filter((name) => name !== ''))]
  const found = new Map<string, Read>()
  for (let start = 0; start < names.length; start += LOOKUPS_AT_ONCE) {
    const batch = names.slice(start, start + LOOKUPS_AT_ONCE)
    const results = await Promise.all(batch.map((name) => findAgency(api, name)))
    batch.forEach((name, i) => found.set(name, results[i] ?? { ok: false, message: `No agency is named “${name}”` }))
  }
  const none: Read = { ok: true, value: null, display: { agencyName: null } }
  return texts.map((text) => found.get(text.trim()) ?? none)
}

/** The role ids of `;`-separated role names (ignoring case), or the first name that is no role. */
export function readRoleNames(text: string, names: RoleNames): Read {
  const idsByName = new Map([...names].map(([id, name]) => [fold(name), id]))
  const ids: string[] = []
  for (const name of text.split(CSV_LIST_SEPARATOR).map((part) => part.trim())) {
    if (name === '') continue
    const id = idsByName.get(fold(name))
    if (!id) return { ok: false, message: `No role is named “${name}”` }
    if (!ids.includes(id)) ids.push(id)
  }
  return { ok: true, value: ids }
}

export const readRoleLists = async (texts: readonly string[], { lookup }: ReadContext<RoleNames>): Promise<Read[]> =>
  texts.map((text) => readRoleNames(text, lookup))
