import type { GridColumn } from '../resource'
import type { ResourceTypes } from '../resourceTypes'
import { nouns } from '../words'
import type { PasteResult } from './cellChanges'
import type { PastePlan } from './pastePlan'

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** What a paste did, in one note: what was pasted, and each kind of cell it left as it was. */
export function pasteNote<T extends ResourceTypes, Lookup>(
  plan: PastePlan,
  result: PasteResult<T>,
  columns: readonly GridColumn<T, Lookup>[],
  noun: string,
): string {
  const refused = result.refused.length
  const pasted = plan.cellCount - refused - result.unreachable
  const sentences = [`Pasted ${count(pasted, 'cell', 'cells')}${plan.newRowCount > 0 ? `, in ${plan.newRowCount} new ${nouns(plan.newRowCount, noun)}` : ''}.`]
  if (refused > 0) sentences.push(`${count(refused, 'value was', 'values were')} not pasted: ${refused === 1 ? 'its cell is' : 'their cells are'} marked with why.`)
  if (plan.skippedColumns.length > 0) {
    const names = plan.skippedColumns.map((col) => columns[col]?.header ?? '').join(', ')
    sentences.push(`Skipped read-only ${plan.skippedColumns.length === 1 ? 'column' : 'columns'} ${names}.`)
  }
  if (plan.columnsCut > 0) sentences.push(`${count(plan.columnsCut, 'column goes', 'columns go')} past the last column: left out.`)
  if (result.unreachable > 0) sentences.push(`${count(result.unreachable, 'cell was', 'cells were')} in deleted rows or rows not loaded: left as they were.`)
  return sentences.join(' ')
}
