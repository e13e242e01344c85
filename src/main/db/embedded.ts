import type { Database } from './client'
import { applyMigrations, inspectSchema } from './migrations'
import { seedDemoData } from './seed'

/**
 * The embedded database belongs to Roster alone, so on first open (no tables yet) it is migrated
 * and filled with demo data. Later schema changes still wait for the admin's explicit request.
 */
export async function prepareEmbedded(database: Database, migrationsFolder: string): Promise<void> {
  const status = await inspectSchema(database.db, migrationsFolder)
  if (status.state !== 'empty') return
  await applyMigrations(database, migrationsFolder)
  await seedDemoData(database.db)
}
