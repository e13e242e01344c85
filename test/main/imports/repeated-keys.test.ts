import { describe, expect, it } from 'vitest'
import { RepeatedKeys } from '../../../src/main/imports/repeated-keys'

describe('RepeatedKeys', () => {
  it('suspects every row whose key an earlier row gave, and the earlier row, across the table growing', () => {
    const keys = new RepeatedKeys()
    const keyOf = new Map<number, string>()
    // 300,000 keys: the table grows from 65,536 slots several times on the way.
    for (let row = 2; row < 300_002; row++) keyOf.set(row, `person${row}@example.com`)
    keyOf.set(150_000, 'person5@example.com')
    keyOf.set(299_999, 'person5@example.com')
    keyOf.set(200_000, 'Person7@example.com') // another key: case is the spec's to fold, not this
    for (const [row, key] of keyOf) keys.add(row, key)
    expect([...keys.suspects].sort((a, b) => a - b)).toEqual(expect.arrayContaining([5, 150_000, 299_999]))
    expect(keys.suspects.has(200_000)).toBe(false)
    const suspected = new Map([...keys.suspects].map((row) => [row, keyOf.get(row)!]))
    expect(RepeatedKeys.repeatsAmong(suspected)).toEqual(new Map([['person5@example.com', [5, 150_000, 299_999]]]))
  })

  it('suspects nothing when no key repeats', () => {
    const keys = new RepeatedKeys()
    for (let row = 2; row < 100_002; row++) keys.add(row, `k${row}`)
    expect(keys.suspects.size).toBe(0)
  })

  it('settles suspects by the keys themselves: keys that only hash alike are no repeat, a repeat among them is', () => {
    // As if a, b and c hashed alike: b's repeat is found, a and c (given once each) are not reported.
    const suspected = new Map([
      [9, 'b'],
      [2, 'a'],
      [5, 'b'],
      [7, 'c'],
    ])
    expect(RepeatedKeys.repeatsAmong(suspected)).toEqual(new Map([['b', [5, 9]]]))
  })
})
