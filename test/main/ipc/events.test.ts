import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LiveChanges } from '../../../src/main/events/live-changes'
import { registerEvents, type EventTarget, type IpcMainOnLike, type SubscribeEvent } from '../../../src/main/ipc/events'
import { isTrustedSender, type SenderFrame } from '../../../src/main/ipc/register'
import { eventChannels, type RosterEvent } from '../../../src/shared/contract'
import { call, openApi } from '../../support/api'

const appFrame: SenderFrame = { url: 'app://roster/index.html', parent: null }

function fakeIpcMain() {
  const listeners = new Map<string, (event: SubscribeEvent) => void>()
  const ipc: IpcMainOnLike = {
    on: (channel, listener) => void listeners.set(channel, listener),
    removeAllListeners: (channel) => void listeners.delete(channel),
  }
  return { ipc, subscribe: (sender: EventTarget, frame: SenderFrame | null = sender.mainFrame) => listeners.get(eventChannels.subscribe)?.({ senderFrame: frame, sender }) }
}

/** A window's WebContents as far as events go: what it was sent, its frame, its end. */
function fakeWindow(id: number) {
  const received: RosterEvent[] = []
  let destroyed = false
  const onDestroyed: (() => void)[] = []
  const window: EventTarget & { received: RosterEvent[]; destroy(): void } = {
    id,
    mainFrame: { ...appFrame },
    received,
    isDestroyed: () => destroyed,
    send: (channel, event) => void (channel === eventChannels.event && received.push(event)),
    once: (_event, listener) => void onDestroyed.push(listener),
    destroy: () => {
      destroyed = true
      onDestroyed.forEach((listener) => listener())
    },
  }
  return window
}

describe('IPC event subscription', () => {
  const live = new LiveChanges()
  let ctx: Awaited<ReturnType<typeof openApi>>
  beforeAll(async () => {
    ctx = await openApi('pglite', { announcer: live })
    await live.follow(ctx.session)
  })
  afterAll(async () => {
    await live.close()
    await ctx?.close()
  })

  it('sends a subscribed window the current state, then each change; its own saves come back as its own', async () => {
    const { ipc, subscribe } = fakeIpcMain()
    const stop = registerEvents(ipc, live, isTrustedSender('app://roster'))
    const window = fakeWindow(7)
    subscribe(window)
    expect(window.received).toEqual([{ kind: 'live', state: 'live', message: null, resync: false }])
    const saved = await ctx.api.call('agencies.save', { inserts: [{ clientId: 'a', name: 'Over IPC' }] }, { clientId: 'webContents:7' })
    expect(saved.ok).toBe(true)
    await expect.poll(() => window.received.length).toBe(2)
    expect(window.received[1]).toMatchObject({ kind: 'change', resource: 'agencies', byYou: true })
    stop()
  })

  it('refuses a subframe or another origin, stops at a window that navigated away, and forgets a destroyed one', async () => {
    const { ipc, subscribe } = fakeIpcMain()
    const stop = registerEvents(ipc, live, isTrustedSender('app://roster'))
    const framed = fakeWindow(1)
    subscribe(framed, { url: 'app://roster/index.html', parent: appFrame })
    const foreign = fakeWindow(2)
    foreign.mainFrame = { url: 'https://evil.example/', parent: null }
    subscribe(foreign)
    expect([framed.received, foreign.received]).toEqual([[], []])

    const navigated = fakeWindow(3)
    const closing = fakeWindow(4)
    const staying = fakeWindow(5)
    for (const window of [navigated, closing, staying]) subscribe(window)
    // A reload asks again: still one subscription, the state sent once more.
    subscribe(staying)
    navigated.mainFrame = { url: 'https://evil.example/', parent: null }
    closing.destroy()
    await call(ctx.api, 'roles.save', { inserts: [{ clientId: 'r', name: 'Pushed Role' }] })
    await expect.poll(() => staying.received.filter((e) => e.kind === 'change').length).toBe(1)
    expect(staying.received.map((e) => e.kind)).toEqual(['live', 'live', 'change'])
    expect(navigated.received.map((e) => e.kind)).toEqual(['live'])
    expect(closing.received.map((e) => e.kind)).toEqual(['live'])
    stop()
  })
})
