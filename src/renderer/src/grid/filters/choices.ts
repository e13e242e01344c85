/** One agency or role a filter can pick. */
export interface Choice {
  id: string
  name: string
}

/** What a filter's menu is offered when it picks rows of another resource (a user's agency, roles). */
export interface ChoiceSource {
  /** Plural, for people: "agencies". */
  plural: string
  /** The choices matching a search (a React hook): the first of them, and how many match in all. */
  useSearch(search: string): { choices: readonly Choice[]; total: number; pending: boolean; error: string | null }
  /** The names of chosen ids (a React hook), for the chips and the menu; an id not (yet) known has none. */
  useNames(ids: readonly string[]): ReadonlyMap<string, string>
}

const noNames: ReadonlyMap<string, string> = new Map()
const noIds: readonly string[] = []
const nothing = { choices: [], total: 0, pending: false, error: null }

/** For a column without choices: its filters' hooks still run, in the same order, and find nothing. */
export const noChoices: ChoiceSource = { plural: 'choices', useSearch: () => nothing, useNames: () => noNames }

/** The names a filter's chosen ids need; none for operands that choose nothing. */
export function useChosenNames(source: ChoiceSource | undefined, operand: string, args: readonly string[]): ReadonlyMap<string, string> {
  const choosing = operand === 'choice' || operand === 'choices'
  return (source ?? noChoices).useNames(choosing ? args : noIds)
}
