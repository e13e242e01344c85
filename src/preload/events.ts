import { eventChannels } from '../shared/contract/event-channels'

/** The parts of ipcRenderer the subscription uses (the page never sees ipcRenderer itself). */
export interface IpcRendererLike {
  on(channel: string, listener: (event: unknown, payload: unknown) => void): void
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): void
  send(channel: string): void
}

/** The one event subscription the page gets: `subscribe(listener)` → unsubscribe; the renderer parses what arrives. */
export function buildEventBridge(ipc: IpcRendererLike) {
  return Object.freeze({
    subscribe(listener: (event: unknown) => void): () => void {
      const forward = (_event: unknown, payload: unknown) => listener(payload)
      ipc.on(eventChannels.event, forward)
      ipc.send(eventChannels.subscribe)
      return () => ipc.removeListener(eventChannels.event, forward)
    },
  })
}
