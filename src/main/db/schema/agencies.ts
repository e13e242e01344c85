import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { softDelete, timestamps } from './columns'

export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').defaultRandom().primaryKey(),
    name: text('name').notNull().unique('agencies_name_unique'),
    ...timestamps,
    ...softDelete,
  },
  (t) => [
    index('agencies_name_trgm_idx').using('gin', t.name.op('gin_trgm_ops')),
    index('agencies_created_at_idx').on(t.createdAt, t.id),
    index('agencies_updated_at_idx').on(t.updatedAt, t.id),
    index('agencies_deleted_at_idx').on(t.deletedAt),
  ],
)

export type Agency = typeof agencies.$inferSelect
export type NewAgency = typeof agencies.$inferInsert
