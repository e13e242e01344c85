import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnectionHandlers, type ConnectionDeps, type ConnectionHandlers } from '../../src/main/connections/handlers'
import { fileKeySecretBox } from '../../src/main/connections/secret-box'
import { ConnectionStore } from '../../src/main/connections/store'
import type { DatabaseSession } from '../../src/main/session'

/** A throw-away data folder (removed by `remove()`), like the app's, for saved connections and keys. */
export function temporaryDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'roster-data-'))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The connections.* handlers over a store in `dataDir`, as browser mode builds them. */
export function connectionHandlersFor(
  session: DatabaseSession,
  dataDir: string,
  options: Partial<Pick<ConnectionDeps, 'startup' | 'onOpened' | 'timeoutSeconds'>> = {},
): { handlers: ConnectionHandlers; store: ConnectionStore } {
  const store = new ConnectionStore(join(dataDir, 'connections.json'), fileKeySecretBox(dataDir))
  const startup = options.startup ?? session.target ?? { kind: 'embedded', dataDir: join(dataDir, 'embedded') }
  const handlers = createConnectionHandlers({ session, store, embeddedDataDir: join(dataDir, 'embedded'), ...options, startup })
  return { handlers, store }
}
