import { electronBinary } from './electron-binary'

/** Fails the whole run at once, with instructions, when the Electron binary is missing. */
export default function globalSetup(): void {
  electronBinary()
}
