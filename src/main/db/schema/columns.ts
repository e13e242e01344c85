import { sql } from 'drizzle-orm'
import { timestamp } from 'drizzle-orm/pg-core'

// Millisecond precision: a timestamp read into a JS Date and sent back for the
// optimistic-concurrency check must compare equal to the stored value.
const instant = (name: string) => timestamp(name, { withTimezone: true, precision: 3 })

export const timestamps = {
  createdAt: instant('created_at').notNull().defaultNow(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
}

export const softDelete = {
  deletedAt: instant('deleted_at'),
}

/** `updated_at` for a row written now: strictly later than before, even within one millisecond. */
export const nextUpdatedAt = (current: unknown) =>
  sql`greatest(date_trunc('milliseconds', clock_timestamp()), ${current} + interval '1 millisecond')`
