import { describe, expect, it } from 'vitest'
import { buildBridge } from '../../src/preload/bridge'
import { channelOf, methodNames } from '../../src/shared/contract'

describe('preload bridge', () => {
  it('exposes exactly the contract’s methods, nothing generic', () => {
    const bridge = buildBridge(async () => null)
    expect(Object.keys(bridge).sort()).toEqual([...methodNames].sort())
    expect(bridge).not.toHaveProperty('invoke')
    expect(Object.isFrozen(bridge)).toBe(true)
  })

  it('sends each method on its own channel with the input unchanged', async () => {
    const sent: [string, unknown][] = []
    const bridge = buildBridge(async (channel, input) => {
      sent.push([channel, input])
      return { ok: true, data: channel }
    })
    await expect(bridge['roles.list']({ search: 'x' })).resolves.toEqual({ ok: true, data: channelOf('roles.list') })
    expect(sent).toEqual([['roster:roles.list', { search: 'x' }]])
  })
})
