import { ApiFailure } from './api-failure'
import { mkdirSync } from 'node:fs'
import { connectionFailure } from './db/pg-sentences'
import { openDatabase, type Database, type DatabaseTarget } from './db/client'
import { prepareEmbedded } from './db/embedded'

/**
 * The database the app has open now. Switching closes the old one only after the new one
 * opened, so a failed switch leaves the admin where they were.
 */
export class DatabaseSession {
  #current: Database | null = null
  #target: DatabaseTarget | null = null

  constructor(readonly migrationsFolder: string) {}

  get database(): Database {
    if (!this.#current) throw new ApiFailure('connection', 'No database is open. Choose one on the Connection screen.')
    return this.#current
  }

  get target(): DatabaseTarget | null {
    return this.#target
  }

  async open(target: DatabaseTarget): Promise<Database> {
    // Its folder admits one opener (the data folder lock): the embedded database already open stays open.
    if (this.#current && target.kind === 'embedded' && this.#target?.kind === 'embedded' && this.#target.dataDir === target.dataDir) {
      return this.#current
    }
    if (target.kind === 'embedded' && !target.dataDir.includes('://')) mkdirSync(target.dataDir, { recursive: true })
    const next = await openDatabase(target).catch((error: unknown) => {
      // A sentence naming the server and the URL's own time limit, at start-up as on the Connection screen.
      throw target.kind === 'postgres' ? connectionFailure(error, target.url) : error
    })
    if (target.kind === 'embedded') {
      await prepareEmbedded(next, this.migrationsFolder).catch(async (error: unknown) => {
        await next.close()
        throw error
      })
    }
    return this.switchTo(next, target)
  }

  /** Works on `database`, opened by the caller for `target` (or by a test), from now on; the previous one is closed. */
  async switchTo(database: Database, target: DatabaseTarget): Promise<Database> {
    const previous = this.#current
    this.#current = database
    this.#target = target
    await previous?.close().catch(() => {})
    return database
  }

  async close(): Promise<void> {
    const current = this.#current
    this.#current = null
    await current?.close()
  }
}
