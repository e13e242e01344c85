import { z } from 'zod'
import { resourceNames } from '../schemas/resources'

/**
 * live: every save that commits on this database reaches this window at once.
 * reconnecting: the main process lost its listening connection; saves made elsewhere show on
 * Reload, on focus or after the cache's TTL until it is back.
 * unavailable: this connection cannot carry change events (a transaction pooler without a direct
 * URL); the message says why, and the same as for reconnecting holds.
 * idle: no database is open.
 */
export const liveState = z.enum(['idle', 'live', 'reconnecting', 'unavailable'])
export type LiveState = z.infer<typeof liveState>

/** A row a save wrote, with its new `updatedAt`; null when the save removed it (a role deleted). */
export const changedRow = z.object({ id: z.string(), updatedAt: z.string().nullable() })

/** Rows of one resource that a committed save wrote, in this Roster or another on the same database. */
export const changeEvent = z.object({
  kind: z.literal('change'),
  resource: z.enum(resourceNames),
  rows: z.array(changedRow),
  /** More rows changed than `rows` lists (a large batch, an import): the whole resource is read again. */
  more: z.boolean(),
  /** The save came from this window (or browser tab) itself, which already shows its outcome. */
  byYou: z.boolean(),
})
export type ChangeEvent = z.infer<typeof changeEvent>

/** Whether change events are arriving, and why not. */
export const liveEvent = z.object({
  kind: z.literal('live'),
  state: liveState,
  /** Why live updates are off, as a sentence; null when they are on (or no database is open). */
  message: z.string().nullable(),
  /** Events may have been missed while they were off: everything shown is read again, once. */
  resync: z.boolean(),
})
export type LiveEvent = z.infer<typeof liveEvent>

/** The events section of the contract: everything the main process pushes to a window, written once. */
export const rosterEvent = z.discriminatedUnion('kind', [changeEvent, liveEvent])
export type RosterEvent = z.infer<typeof rosterEvent>

/** What the preload (or, in browser mode, the events stream) offers the renderer: one subscription. */
export interface RosterEvents {
  /** Calls `listener` with each event (parse it with `rosterEvent`); returns the way to stop. */
  subscribe(listener: (event: unknown) => void): () => void
}
