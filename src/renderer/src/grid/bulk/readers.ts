import type { ReadValue } from '../resource'
import type { ResourceTypes } from '../resourceTypes'

/** Text fields take the pasted text as it is: the field's rule trims it and says what is wrong. */
export const readAsText = async <T extends ResourceTypes>(texts: readonly string[]): Promise<ReadValue<T>[]> =>
  texts.map((text) => ({ ok: true, value: text }))

const booleanWords: ReadonlyMap<string, boolean> = new Map([
  ['true', true],
  ['yes', true],
  ['1', true],
  ['false', false],
  ['no', false],
  ['0', false],
])

/** A yes/no field takes what spreadsheets and Roster's own copy write: true/false, yes/no, 1/0. */
export function readBoolean<T extends ResourceTypes>(text: string): ReadValue<T> {
  const value = booleanWords.get(text.trim().toLowerCase())
  return value === undefined ? { ok: false, message: `“${text}” is not yes or no (use true/false, yes/no or 1/0)` } : { ok: true, value }
}

export const readAsBoolean = async <T extends ResourceTypes>(texts: readonly string[]): Promise<ReadValue<T>[]> => texts.map(readBoolean<T>)
