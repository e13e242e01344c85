import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { timestamps } from './columns'

export const roles = pgTable(
  'roles',
  {
    id: uuid('id').defaultRandom().primaryKey(),
    name: text('name').notNull().unique('roles_name_unique'),
    description: text('description'),
    ...timestamps,
  },
  (t) => [
    index('roles_description_idx').on(t.description, t.id),
    index('roles_created_at_idx').on(t.createdAt, t.id),
    index('roles_updated_at_idx').on(t.updatedAt, t.id),
  ],
)

export type Role = typeof roles.$inferSelect
export type NewRole = typeof roles.$inferInsert
