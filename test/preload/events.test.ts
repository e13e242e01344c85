import { describe, expect, it } from 'vitest'
import { buildEventBridge, type IpcRendererLike } from '../../src/preload/events'
import { eventChannels } from '../../src/shared/contract'

/** ipcRenderer's listener bookkeeping, and what the page sent. */
function fakeIpcRenderer() {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>()
  const sent: string[] = []
  const ipc: IpcRendererLike = {
    on: (channel, listener) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(listener),
    removeListener: (channel, listener) => void listeners.get(channel)?.delete(listener),
    send: (channel) => void sent.push(channel),
  }
  const push = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((listener) => listener({ sender: 'ipc' }, payload))
  return { ipc, sent, push, count: (channel: string) => listeners.get(channel)?.size ?? 0 }
}

describe('preload event bridge', () => {
  it('exposes one frozen subscribe, nothing of ipcRenderer', () => {
    const bridge = buildEventBridge(fakeIpcRenderer().ipc)
    expect(Object.keys(bridge)).toEqual(['subscribe'])
    expect(Object.isFrozen(bridge)).toBe(true)
  })

  it('asks the main process for events, hands the listener each payload alone, and stops on unsubscribe', () => {
    const fake = fakeIpcRenderer()
    const received: unknown[] = []
    const unsubscribe = buildEventBridge(fake.ipc).subscribe((event) => received.push(event))
    expect(fake.sent).toEqual([eventChannels.subscribe])
    fake.push(eventChannels.event, { kind: 'live', state: 'live', message: null, resync: false })
    fake.push('roster:users.list', 'not an event')
    expect(received).toEqual([{ kind: 'live', state: 'live', message: null, resync: false }])
    unsubscribe()
    expect(fake.count(eventChannels.event)).toBe(0)
    fake.push(eventChannels.event, { kind: 'change' })
    expect(received).toHaveLength(1)
  })
})
