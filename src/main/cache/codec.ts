/**
 * Cached values as text. Nulls survive JSON as they are; Dates would come back as strings, so
 * they travel tagged (`{"$date": iso}`). API rows carry ISO strings already, so the usual value
 * has no Date and is read back with a plain `JSON.parse` (the reviver only runs when needed).
 */
const PLAIN = 'J'
const WITH_DATES = 'D'
const DATE_TAG = '$date'

export function encodeValue(value: unknown): string {
  let hasDates = false
  const json = JSON.stringify(value, function (this: Record<string, unknown>, key, v: unknown) {
    const raw = this[key]
    if (raw instanceof Date) {
      hasDates = true
      return { [DATE_TAG]: raw.toISOString() }
    }
    return v
  })
  if (json === undefined) throw new Error('A cached value must be JSON-serializable')
  return (hasDates ? WITH_DATES : PLAIN) + json
}

/** The value, or undefined for text this codec did not write (treated as a miss). */
export function decodeValue(text: string): unknown {
  const tag = text[0]
  try {
    if (tag === PLAIN) return JSON.parse(text.slice(1))
    if (tag === WITH_DATES) {
      return JSON.parse(text.slice(1), (_key, v: unknown) =>
        v !== null && typeof v === 'object' && DATE_TAG in v && Object.keys(v).length === 1
          ? new Date((v as Record<string, string>)[DATE_TAG]!)
          : v,
      )
    }
  } catch {
    return undefined
  }
  return undefined
}
