import { bigint, index, pgTable, uuid } from 'drizzle-orm/pg-core'

/**
 * How many live users hold each role, kept by triggers on user_roles and users
 * (drizzle/0008_role_assignment_counts_triggers.sql, 0011_role_counts_live_holders.sql: an
 * assignment counts while its user is not soft-deleted): a role's count is the sum of its rows. Rows of signed
 * changes rather than one counter per role, so saves (or a long import) assigning the same role
 * never wait on each other's lock; each write folds in the role's committed rows no other write
 * holds. Counting the assignments instead reads every one (10M users: 20M entries, 5 s a roles page).
 * No foreign key: a role's rows are removed with it by a trigger.
 */
export const roleAssignmentCounts = pgTable(
  'role_assignment_counts',
  {
    roleId: uuid('role_id').notNull(),
    delta: bigint('delta', { mode: 'number' }).notNull(),
  },
  (t) => [index('role_assignment_counts_role_id_idx').on(t.roleId)],
)
