/**
 * Cached values as text. They are API outputs, which are JSON by contract (browser mode sends
 * them as JSON), so plain JSON keeps them exactly. The leading tag marks text this codec wrote:
 * anything else in the store reads as a miss.
 */
const JSON_TAG = 'J'

export function encodeValue(value: unknown): string {
  const json = JSON.stringify(value)
  if (json === undefined) throw new Error('A cached value must be JSON-serializable')
  return JSON_TAG + json
}

/** The value, or undefined for text this codec did not write (treated as a miss). */
export function decodeValue(text: string): unknown {
  if (text[0] !== JSON_TAG) return undefined
  try {
    return JSON.parse(text.slice(1))
  } catch {
    return undefined
  }
}
