import { homedir } from 'node:os'
import { join } from 'node:path'

export const APP_NAME = 'Roster'

/**
 * The folder Electron's `app.getPath('userData')` gives the desktop app, computed without
 * Electron, so browser mode and the desktop app share saved connections and the embedded database.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.ROSTER_DATA_DIR) return env.ROSTER_DATA_DIR
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME)
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME)
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), APP_NAME)
}
