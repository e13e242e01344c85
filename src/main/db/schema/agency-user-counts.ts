import { bigint, index, pgTable, uuid } from 'drizzle-orm/pg-core'

/**
 * How many live users each agency has, and (agency_id null) how many have none, kept by triggers on
 * users (drizzle/0010_agency_user_counts_triggers.sql, 0013): an agency's count is the sum of its
 * rows of signed changes, as role_assignment_counts keeps roles' (the same design and reasons), and
 * the sum of all rows is the number of live users. Counting the users instead reads each agency's
 * entries: at 10M users a page of 100 agencies by name read 1M of them (117–231 ms), sorted by
 * Users all 10M (844 ms), and the users grid's total every user (~1 s). No foreign key: an agency's
 * rows are removed with it by a trigger.
 */
export const agencyUserCounts = pgTable(
  'agency_user_counts',
  {
    agencyId: uuid('agency_id'),
    delta: bigint('delta', { mode: 'number' }).notNull(),
  },
  (t) => [index('agency_user_counts_agency_id_idx').on(t.agencyId)],
)
