import { describe, expect, it } from 'vitest'
import { inlineValues } from '../../../src/main/db/inline-values'

describe('writing a statement’s values in', () => {
  it('writes each value as a constant of the type postgres.js would send it as', () => {
    const written = inlineValues('select $1, $2, $3, $4, $5, $6', ['text', 42, true, null, new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), 7n])
    expect(written).toBe(`select $v$text$v$, '42', true, null, '2026-01-02T03:04:05.006Z'::timestamptz, '7'::int8`)
  })

  it('quotes a text with a tag it does not hold, so nothing in it is read as SQL', () => {
    expect(inlineValues('select $1', ["it's"])).toBe(`select $v$it's$v$`)
    expect(inlineValues('select $1', ['a $v$ b'])).toBe('select $v0$a $v$ b$v0$')
    expect(inlineValues('select $1', ['$v$ and $v0$'])).toBe('select $v1$$v$ and $v0$$v1$')
    expect(inlineValues('select $1', ['ends in $'])).toBe('select $v$ends in $$v$')
  })

  it('leaves $n alone inside strings, quoted names, comments, dollar-quoted strings and names', () => {
    const query = `select 'a $1 ''$1''', E'\\'$1', "col $1", x$1, $$ $1 $$, $t$ $1 $t$ -- $1\n/* $1 */ from t where a = $1 and b = $10`
    const values = ['one', 2, 3, 4, 5, 6, 7, 8, 9, 'ten']
    expect(inlineValues(query, values)).toBe(
      `select 'a $1 ''$1''', E'\\'$1', "col $1", x$1, $$ $1 $$, $t$ $1 $t$ -- $1\n/* $1 */ from t where a = $v$one$v$ and b = $v$ten$v$`,
    )
  })

  it('declines values that have no such constant, and a parameter without a value', () => {
    expect(inlineValues('select $1', [[1, 2]])).toBeNull()
    expect(inlineValues('select $1', [{ a: 1 }])).toBeNull()
    expect(inlineValues('select $1', [Buffer.from('x')])).toBeNull()
    // A NUL ends the query text on the wire: left to the server, which refuses it as a parameter.
    expect(inlineValues('select $1', ['a\0b'])).toBeNull()
    expect(inlineValues('select $1', [Number.NaN])).toBeNull()
    expect(inlineValues('select $1', [new Date(Number.NaN)])).toBeNull()
    expect(inlineValues('select $1', [undefined])).toBeNull()
    expect(inlineValues('select $1, $2', ['only one'])).toBeNull()
  })
})
