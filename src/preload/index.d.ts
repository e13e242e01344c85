import type { RosterApi } from '../shared/contract'

declare global {
  interface Window {
    /** Exposed by the preload inside Electron; absent in a plain browser (browser mode). */
    roster?: RosterApi
  }
}

export {}
