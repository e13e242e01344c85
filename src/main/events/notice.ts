import { z } from 'zod'
import { resourceNames } from '../../shared/schemas/resources'

/** The PostgreSQL channel every Roster on a database announces its saves on and listens to. */
export const CHANGES_CHANNEL = 'roster_changes'

/**
 * Rows one notice lists: a uuid and an ISO instant take 67 bytes as JSON, so 100 stay well under
 * PostgreSQL's 8000-byte payload limit. A larger save lists its first 100 and says `more`.
 */
export const MAX_NOTICE_ROWS = 100

/**
 * What travels in a NOTIFY payload between Roster instances: the resource, its rows as
 * `[id, updatedAt]` (null: the row is gone), and who saved: the instance, and within it an alias
 * of the window or tab (never its client id, which in browser mode derives from a credential).
 */
export const changeNotice = z.object({
  v: z.literal(1),
  resource: z.enum(resourceNames),
  rows: z.array(z.tuple([z.string(), z.string().nullable()])),
  more: z.boolean(),
  origin: z.string(),
  client: z.string().nullable(),
})
export type ChangeNotice = z.infer<typeof changeNotice>

/** A payload read off the channel; null when it is not a notice this Roster understands. */
export function readNotice(payload: string): ChangeNotice | null {
  try {
    const parsed = changeNotice.safeParse(JSON.parse(payload))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
