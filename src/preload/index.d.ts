import type { RosterApi, RosterEvents } from '../shared/contract'

declare global {
  interface Window {
    /** Exposed by the preload inside Electron; absent in a plain browser (browser mode). */
    roster?: RosterApi
    /** The preload's one event subscription inside Electron; browser mode streams events instead (src/renderer/src/api/events.ts). */
    rosterEvents?: RosterEvents
  }
}

export {}
