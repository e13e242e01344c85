import { channelOf, methodNames } from '../../shared/contract'
import { fail, type Result } from '../../shared/result'
import type { Dispatcher } from '../api'

/** The part of a WebFrameMain the sender check reads. */
export interface SenderFrame {
  url: string
  parent: unknown
}

/** The part of Electron's IpcMainInvokeEvent a handler reads. */
export interface InvokeEvent {
  senderFrame: SenderFrame | null
  /** The calling window's webContents: its id scopes the caller's `supersede` names. */
  sender: { id: number }
}

/** The part of Electron's ipcMain the registration uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, input: unknown) => Promise<Result<unknown>>): void
  removeHandler(channel: string): void
}

/**
 * Only the app's own page, in its top frame, may call the API: a frame from any other origin
 * (an iframe, a page navigated elsewhere) is refused before anything runs.
 */
export const isTrustedSender = (appOrigin: string) => {
  const app = new URL(appOrigin)
  return (frame: SenderFrame | null) => {
    if (!frame || frame.parent !== null) return false
    try {
      // Compared by scheme and host: URL.origin is "null" for custom schemes such as app://.
      const url = new URL(frame.url)
      return url.protocol === app.protocol && url.host === app.host
    } catch {
      return false
    }
  }
}

/** Registers one handler per contract method, and no others. Returns a function that removes them. */
export function registerApi(ipcMain: IpcMainLike, dispatcher: Dispatcher, isTrusted: (frame: SenderFrame | null) => boolean): () => void {
  for (const method of methodNames) {
    ipcMain.handle(channelOf(method), async (event, input) => {
      if (!isTrusted(event.senderFrame)) {
        return fail({ code: 'internal', message: 'Refused: this call did not come from Roster’s own window.' })
      }
      return dispatcher.call(method, input, { clientId: `webContents:${event.sender.id}` })
    })
  }
  return () => methodNames.forEach((method) => ipcMain.removeHandler(channelOf(method)))
}
