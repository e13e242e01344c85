import { eventChannels } from '../../shared/contract/event-channels'
import type { RosterEvent } from '../../shared/contract/events'
import type { SenderFrame } from './register'

/** The part of a window's WebContents the event push uses. */
export interface EventTarget {
  id: number
  /** Its top frame now: checked before every event, as it may have navigated since it subscribed. */
  mainFrame: SenderFrame
  isDestroyed(): boolean
  send(channel: string, event: RosterEvent): void
  once(event: 'destroyed', listener: () => void): void
}

/** The part of Electron's IpcMainEvent the subscription reads. */
export interface SubscribeEvent {
  senderFrame: SenderFrame | null
  sender: EventTarget
}

/** The part of Electron's ipcMain the subscription uses. */
export interface IpcMainOnLike {
  on(channel: string, listener: (event: SubscribeEvent) => void): void
  removeAllListeners(channel: string): void
}

/** Where events come from: LiveChanges (src/main/events). */
export interface EventSource {
  subscribe(clientId: string, send: (event: RosterEvent) => void): () => void
}

/**
 * The one event subscription: a window asks for events (the preload's `subscribe`), and is sent
 * every event from then on, as long as it lives. As for API calls, only the app's own page in its
 * top frame is served, at subscribe time and again for each event. A window asking again (its
 * page reloaded) keeps one subscription and is sent the current state once more.
 */
export function registerEvents(ipcMain: IpcMainOnLike, source: EventSource, isTrusted: (frame: SenderFrame | null) => boolean): () => void {
  const subscribed = new Map<number, () => void>()
  ipcMain.on(eventChannels.subscribe, (event) => {
    if (!isTrusted(event.senderFrame)) return
    const contents = event.sender
    subscribed.get(contents.id)?.()
    // Same client id as its API calls (register.ts), so its own saves come back as its own.
    const unsubscribe = source.subscribe(`webContents:${contents.id}`, (pushed) => {
      if (!contents.isDestroyed() && isTrusted(contents.mainFrame)) contents.send(eventChannels.event, pushed)
    })
    if (!subscribed.has(contents.id)) {
      contents.once('destroyed', () => {
        subscribed.get(contents.id)?.()
        subscribed.delete(contents.id)
      })
    }
    subscribed.set(contents.id, unsubscribe)
  })
  return () => {
    ipcMain.removeAllListeners(eventChannels.subscribe)
    for (const unsubscribe of subscribed.values()) unsubscribe()
    subscribed.clear()
  }
}
