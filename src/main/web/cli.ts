import { fileURLToPath } from 'node:url'
import { parseLaunchOptions } from '../args'
import { fileKeySecretBox } from '../connections/secret-box'
import { createRosterCore } from '../core'
import { defaultDataDir } from './data-dir'
import { startWebServer } from './server'

async function main(): Promise<void> {
  // --database <url> / ROSTER_DATABASE_URL, --port <n> (0 = any free port): as the desktop app.
  const launchOptions = parseLaunchOptions(process.argv.slice(2), process.env)
  // From out/main/web.js: the migrations and the built renderer sit beside out/.
  const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url))
  const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
  const dataDir = defaultDataDir()

  const core = await createRosterCore({ dataDir, migrationsFolder, launchOptions, secretBox: fileKeySecretBox(dataDir) })
  // Unlike the desktop app, there is no window to choose another database in: a start-up failure ends the run.
  if (core.startupError) {
    await core.close()
    throw core.startupError
  }
  const server = await startWebServer({ dispatcher: core.dispatcher, rendererDir, port: launchOptions.port, importFiles: core.importFiles, exports: core.exports, events: core.live })

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130) // a second Ctrl+C does not wait
    stopping = true
    console.error(`Received ${signal}, shutting down.`)
    Promise.allSettled([server.close(), core.close()]).then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)

  console.log(`Roster is running at ${server.openUrl}`)
}

main().catch((error: unknown) => {
  console.error(`Roster could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
