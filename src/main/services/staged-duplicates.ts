import type { FieldError } from '../../shared/result'
import { ApiFailure } from '../api-failure'

/** A unique value a batch writes: a new row's (rowId = clientId) or an update's. */
export interface StagedValue {
  rowId: string
  value: string
}

/** A saved row that already holds a value. */
export interface Holder {
  id: string
  value: string
}

interface Options {
  staged: StagedValue[]
  field: string
  /** How the unique constraint compares values (e.g. lower-cased emails). */
  normalize(value: string): string
  /** The saved rows holding any of these values (normalized as above), read before anything is written. */
  holders: Holder[]
  /** Saved rows whose value this batch changes or frees: the transaction decides about those. */
  leaving: ReadonlySet<string>
  sharedInBatch(value: string): string
  taken(value: string, holder: Holder): string
}

/**
 * Every staged row whose unique value another staged row or a saved row already has, each with
 * its own message: PostgreSQL stops at the first violation, so without this check a save with
 * three duplicates would need three tries to show them all.
 */
export function duplicateErrors({ staged, field, normalize, holders, leaving, sharedInBatch, taken }: Options): FieldError[] {
  const perValue = new Map<string, number>()
  for (const { value } of staged) perValue.set(normalize(value), (perValue.get(normalize(value)) ?? 0) + 1)
  const holderOf = new Map(holders.filter((h) => !leaving.has(h.id)).map((h) => [normalize(h.value), h]))
  return staged.flatMap(({ rowId, value }) => {
    const key = normalize(value)
    const holder = holderOf.get(key)
    if (holder && holder.id !== rowId) return [{ rowId, field, message: taken(value, holder) }]
    if ((perValue.get(key) ?? 0) > 1) return [{ rowId, field, message: sharedInBatch(value) }]
    return []
  })
}

/** Refuses the batch with every error found before writing; one error speaks for itself. */
export function refuseAll(errors: FieldError[], summary: (count: number) => string): void {
  if (errors.length === 0) return
  throw new ApiFailure('constraint', errors.length === 1 ? errors[0]!.message : summary(errors.length), errors)
}
