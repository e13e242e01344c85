import { z } from 'zod'

export const schemaState = z.enum(['ready', 'empty', 'pending', 'conflict'])
export type SchemaState = z.infer<typeof schemaState>

export const schemaStatus = z.object({
  /**
   * ready: every migration applied; empty: none of Roster's tables yet; pending: Roster-managed
   * but behind; conflict: tables named like Roster's that Roster did not create (never altered).
   */
  state: schemaState,
  applied: z.array(z.string()),
  pending: z.array(z.string()),
  conflicts: z.array(z.string()),
  message: z.string(),
})
export type SchemaStatus = z.infer<typeof schemaStatus>

export const databaseStatus = z.object({
  kind: z.enum(['embedded', 'postgres']),
  /** Where the database is, for people: never includes a password. */
  label: z.string(),
  serverVersion: z.string(),
  /** A connection pooler found in between (src/main/db/pooler.ts) and how it lends server sessions; null or absent: none. */
  pooler: z.enum(['session', 'transaction']).nullable().optional(),
  schema: schemaStatus,
  /** Why this connection saves nothing (opened read-only); absent or null when it may. */
  readOnly: z.string().nullable().optional(),
})
export type DatabaseStatus = z.infer<typeof databaseStatus>

/** How a pooler in between shows to people: in the connection test and the status bar. */
export const poolerPhrase = (pooler: 'session' | 'transaction') => `through a pooler (${pooler} mode)`

/** What an API method does to Roster's own tables (users, agencies, roles, user_roles). */
export type RowAccess = 'read' | 'write'

/**
 * Why Roster's tables may not be touched in this state, or null when they may. A conflict keeps
 * Roster out of the tables entirely; pending migrations and missing tables keep it from writing
 * (rows can still be read while migrations wait, so the admin sees what is there).
 */
export function schemaRefusal(schema: SchemaStatus, access: RowAccess): string | null {
  const untilMigrated = `${schema.message} Roster saves nothing here until the migrations are applied (Connection screen).`
  switch (schema.state) {
    case 'ready':
      return null
    case 'conflict':
      return schema.message
    case 'empty':
      return access === 'read' ? schema.message : untilMigrated
    case 'pending':
      return access === 'read' ? null : untilMigrated
  }
}
