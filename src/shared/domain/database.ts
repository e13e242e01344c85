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
  schema: schemaStatus,
})
export type DatabaseStatus = z.infer<typeof databaseStatus>
