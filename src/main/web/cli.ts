import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApi } from '../api'
import { followConnectionCache, ListCache } from '../cache'
import { parseLaunchOptions } from '../args'
import { createConnectionHandlers } from '../connections/handlers'
import { fileKeySecretBox } from '../connections/secret-box'
import { ConnectionStore } from '../connections/store'
import type { DatabaseTarget } from '../db/client'
import { DatabaseSession } from '../session'
import { defaultDataDir } from './data-dir'
import { startWebServer } from './server'

async function main(): Promise<void> {
  // --database <url> / ROSTER_DATABASE_URL, --port <n> (0 = any free port): as the desktop app.
  const { databaseUrl, port, cacheTtlSeconds } = parseLaunchOptions(process.argv.slice(2), process.env)
  // From out/main/web.js: the migrations and the built renderer sit beside out/.
  const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url))
  const rendererDir = fileURLToPath(new URL('../renderer', import.meta.url))
  const dataDir = defaultDataDir()

  const startup: DatabaseTarget = databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'embedded', dataDir: join(dataDir, 'embedded') }
  const session = new DatabaseSession(migrationsFolder)
  // A database that cannot be reached fails with a sentence naming it and its connect_timeout.
  await session.open(startup)

  const store = new ConnectionStore(join(dataDir, 'connections.json'), fileKeySecretBox(dataDir))
  const cache = new ListCache(undefined, { ttlSeconds: cacheTtlSeconds })
  const connections = createConnectionHandlers({
    session,
    store,
    embeddedDataDir: join(dataDir, 'embedded'),
    startup,
    onOpened: followConnectionCache(cache),
  })
  const dispatcher = createApi({ session, connections, cache })
  const server = await startWebServer({ dispatcher, rendererDir, port })

  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130) // a second Ctrl+C does not wait
    stopping = true
    console.error(`Received ${signal}, shutting down.`)
    Promise.allSettled([server.close(), session.close(), cache.close()]).then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)

  console.log(`Roster is running at ${server.openUrl}`)
}

main().catch((error: unknown) => {
  console.error(`Roster could not start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
