import { describe, expect, it } from 'vitest'
import type { Dispatcher } from '../../../src/main/api'
import { isTrustedSender, registerApi, type InvokeEvent, type IpcMainLike } from '../../../src/main/ipc/register'
import { channelOf, methodNames } from '../../../src/shared/contract'
import { ok, type Result } from '../../../src/shared/result'

type Listener = (event: InvokeEvent, input: unknown) => Promise<Result<unknown>>

function fakeIpcMain() {
  const handlers = new Map<string, Listener>()
  const ipc: IpcMainLike = {
    handle: (channel, listener) => void handlers.set(channel, listener),
    removeHandler: (channel) => void handlers.delete(channel),
  }
  return { ipc, handlers }
}

const recordingDispatcher = () => {
  const calls: [string, unknown, unknown][] = []
  const dispatcher: Dispatcher = {
    call: async (method, input, context) => {
      calls.push([method, input, context])
      return ok({ echoed: method })
    },
  }
  return { dispatcher, calls }
}

const appFrame = { url: 'app://roster/index.html', parent: null }

describe('IPC registration', () => {
  it('registers exactly one channel per contract method and removes them all again', () => {
    const { ipc, handlers } = fakeIpcMain()
    const unregister = registerApi(ipc, recordingDispatcher().dispatcher, isTrustedSender('app://roster'))
    expect([...handlers.keys()].sort()).toEqual(methodNames.map(channelOf).sort())
    unregister()
    expect(handlers.size).toBe(0)
  })

  it('passes a call from the app’s own top frame to the dispatcher under its method name', async () => {
    const { ipc, handlers } = fakeIpcMain()
    const { dispatcher, calls } = recordingDispatcher()
    registerApi(ipc, dispatcher, isTrustedSender('app://roster'))
    const result = await handlers.get(channelOf('users.list'))!({ senderFrame: appFrame, sender: { id: 7 } }, { limit: 5 })
    expect(result).toEqual({ ok: true, data: { echoed: 'users.list' } })
    expect(calls).toEqual([['users.list', { limit: 5 }, { clientId: 'webContents:7' }]])
  })

  it('names each window as its own client, so its supersede names are its own', async () => {
    const { ipc, handlers } = fakeIpcMain()
    const { dispatcher, calls } = recordingDispatcher()
    registerApi(ipc, dispatcher, isTrustedSender('app://roster'))
    for (const id of [1, 2]) await handlers.get(channelOf('users.count'))!({ senderFrame: appFrame, sender: { id } }, {})
    expect(calls.map(([, , context]) => context)).toEqual([{ clientId: 'webContents:1' }, { clientId: 'webContents:2' }])
  })

  it.each([
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a subframe of the app', { url: 'app://roster/index.html', parent: appFrame }],
    ['a file:// page', { url: 'file:///tmp/x.html', parent: null }],
    ['a destroyed frame', null],
  ])('refuses a call from %s without touching the dispatcher', async (_label, frame) => {
    const { ipc, handlers } = fakeIpcMain()
    const { dispatcher, calls } = recordingDispatcher()
    registerApi(ipc, dispatcher, isTrustedSender('app://roster'))
    const result = await handlers.get(channelOf('users.save'))!({ senderFrame: frame, sender: { id: 1 } }, { deletes: [] })
    expect(result.ok).toBe(false)
    expect(calls).toEqual([])
  })
})
