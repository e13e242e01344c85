import type postgres from 'postgres'
import { bulkFill } from './bulk-fill'

/**
 * Fills a migrated database quickly with set-based SQL (Drizzle's multi-row insert costs far
 * more): `count` users named "User 00001"…, spread over `agencies` agencies, plus three roles.
 */
export async function seedUsers(sql: postgres.Sql, count: number, agencies = 8): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`insert into agencies (name) select 'Agency ' || chr(64 + g) from generate_series(1, ${agencies}::int) g`
    await tx`insert into roles (name, description) values ('Administrator', 'Full access'), ('Editor', 'Edits users'), ('Viewer', 'Reads only')`
    await bulkFill(
      (text) => tx.unsafe(text),
      'users',
      () => tx`
        insert into users (email, name, agency_id, is_active)
        select 'user' || g || '@example.com',
               'User ' || lpad(g::text, 5, '0'),
               (array(select id from agencies order by name))[1 + g % ${agencies}::int],
               g % 7 <> 0
        from generate_series(1, ${count}::int) g`,
    )
  })
}
