import { rosterCommand } from './roster-app'

/** Fails the whole run at once, with instructions, when there is no Electron binary or packaged app to run. */
export default function globalSetup(): void {
  rosterCommand()
}
