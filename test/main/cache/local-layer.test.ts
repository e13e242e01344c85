import { describe, expect, it } from 'vitest'
import { freezeShared } from '../../../src/main/cache/codec'
import { LocalLayer } from '../../../src/main/cache/local-layer'

const ns = 'roster:db:0001'
const at = (layer: LocalLayer) => layer.generationOf(ns, ['roles'])
const put = (layer: LocalLayer, key: string, page: unknown) => layer.put(key, ns, ['roles'], at(layer), page)
const get = (layer: LocalLayer, key: string) => layer.get(key, at(layer))?.page

describe('the in-process layer', () => {
  it('keeps pages as they were read, frozen all the way down, and hands out that same page', () => {
    const layer = new LocalLayer({ ttlSeconds: 60 })
    const page = { rows: [{ id: 'r1', tags: ['a'] }], total: 1 }
    put(layer, 'p', page)
    expect(get(layer, 'p')).toBe(page)
    expect([Object.isFrozen(page), Object.isFrozen(page.rows[0]), Object.isFrozen(page.rows[0]!.tags)]).toEqual([true, true, true])
    expect(() => page.rows[0]!.tags.push('b')).toThrow(TypeError)
  })

  it('measures a page about as its JSON would take', () => {
    const page = { rows: [{ id: 'r1', name: 'Ann Lee', active: true, roleIds: ['x', 'y'], deletedAt: null }], total: 1 }
    const json = JSON.stringify(page).length
    expect(freezeShared(page)).toBeGreaterThanOrEqual(json * 0.8)
    expect(freezeShared(page)).toBeLessThanOrEqual(json * 1.5)
  })

  it('drops the least recently used pages beyond its entry and size limits, keeps none larger than them all, and lets pages expire', async () => {
    const layer = new LocalLayer({ ttlSeconds: 60, maxEntries: 3, maxChars: 1_000 })
    for (const key of ['a', 'b', 'c']) put(layer, key, key)
    get(layer, 'a')
    put(layer, 'd', 'd')
    expect(get(layer, 'b')).toBeUndefined()
    expect(get(layer, 'a')).toBe('a')
    put(layer, 'big', 'x'.repeat(996))
    expect(['a', 'c', 'd'].map((key) => get(layer, key))).toEqual([undefined, undefined, undefined])
    put(layer, 'too-big', 'x'.repeat(1_001))
    expect(get(layer, 'too-big')).toBeUndefined()
    const brief = new LocalLayer({ ttlSeconds: 0.05 })
    put(brief, 'p', 'page')
    expect(get(brief, 'p')).toBe('page')
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(get(brief, 'p')).toBeUndefined()
  })

  it('drops the pages of a database a save changed, and of every database a change event names', () => {
    const layer = new LocalLayer({ ttlSeconds: 60 })
    const other = 'roster:other:0001'
    put(layer, 'p', 'page')
    layer.put('q', other, ['roles'], layer.generationOf(other, ['roles']), 'other page')
    layer.invalidate(['roles'], other)
    expect(get(layer, 'p')).toBe('page')
    expect(layer.get('q', layer.generationOf(other, ['roles']))).toBeUndefined()
    layer.invalidate(['roles'])
    expect(get(layer, 'p')).toBeUndefined()
  })
})
