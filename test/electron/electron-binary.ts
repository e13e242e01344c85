import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * The path of the Electron binary, or a loud, explicit failure: `npm ci` here runs with
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1, so the binary is often absent, and Playwright's own error
 * for that ("Electron failed to install correctly") does not say what to do.
 */
export function electronBinary(): string {
  const require = createRequire(import.meta.url)
  let path: string
  try {
    path = require('electron') as string
  } catch {
    path = ''
  }
  if (!path || !existsSync(path)) {
    throw new Error(
      [
        'npm run test:electron needs the Electron binary, and it is not installed' + (path ? ` (expected at ${path})` : '') + '.',
        'Its download is skipped by installs with ELECTRON_SKIP_BINARY_DOWNLOAD=1. On a machine with network access run',
        '  node node_modules/electron/install.js',
        'then run npm run test:electron again. (npm test does not need it: it runs the renderer in Chromium.)',
      ].join('\n'),
    )
  }
  return path
}
