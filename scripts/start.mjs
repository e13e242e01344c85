// `npm start [-- --database <url>]`: builds Roster and opens it in Electron.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
let electron
try {
  electron = require('electron')
} catch {
  console.error(
    'The Electron binary is not installed, so the desktop window cannot open here.\n' +
      'On a machine with internet access, run `npm install` (it downloads Electron), or `node node_modules/electron/install.js`.\n' +
      'Meanwhile `npm run web` opens the same app in your browser.',
  )
  process.exit(1)
}
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' })
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync(electron, ['.', ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(run.status ?? 0)
