import { bigint, index, pgTable, uuid } from 'drizzle-orm/pg-core'

/**
 * How many live users each agency has, kept by triggers on users
 * (drizzle/0010_agency_user_counts_triggers.sql): an agency's count is the sum of its rows of
 * signed changes, as role_assignment_counts keeps roles' (the same design and reasons). Counting
 * the users instead reads each agency's entries: at 10M users a page of 100 agencies by name read
 * 1M of them (117–231 ms), sorted by Users all 10M (844 ms). No foreign key: an agency's rows are
 * removed with it by a trigger.
 */
export const agencyUserCounts = pgTable(
  'agency_user_counts',
  {
    agencyId: uuid('agency_id').notNull(),
    delta: bigint('delta', { mode: 'number' }).notNull(),
  },
  (t) => [index('agency_user_counts_agency_id_idx').on(t.agencyId)],
)
