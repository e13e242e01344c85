/**
 * npm run bench:seed -- [--database <url>] [--users 1000000]
 *
 * Empties the bench database and fills it with users, 1,000 agencies, 50 roles and two roles per
 * user, in SQL (generate_series): secondary indexes are dropped for the load and rebuilt after,
 * which is several times faster than maintaining them row by row.
 */
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import { benchArgs, ensureBenchDatabase } from './support'

const args = benchArgs({ users: { type: 'string', default: '1000000' } })
const users = Number(args.users)
if (!Number.isInteger(users) || users < 1) throw new Error('--users must be a positive whole number')

const started = performance.now()
const step = (label: string) => console.log(`${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`)

await ensureBenchDatabase(args.database)
const sql = postgres(args.database, { max: 1, onnotice: () => {} })
try {
  await sql`set maintenance_work_mem = '1GB'`
  await sql`set max_parallel_maintenance_workers = 2`
  // The generated rows reference only rows generated here: skip per-row foreign-key triggers when
  // allowed (superuser); elsewhere the load is slower but the same.
  await sql`set session_replication_role = replica`.catch(() => console.log('(foreign keys checked row by row: not a superuser)'))
  await sql`truncate user_roles, users, roles, agencies`
  const indexes = await sql<{ indexname: string; indexdef: string }[]>`
    select indexname, indexdef from pg_indexes
    where schemaname = 'public' and tablename in ('users', 'user_roles')
      and indexname not in (select conname from pg_constraint)`
  for (const index of indexes) await sql.unsafe(`drop index "${index.indexname}"`)

  await sql`insert into agencies (name) select 'Agency ' || lpad(g::text, 4, '0') from generate_series(1, 1000) g`
  await sql`insert into roles (name, description) select 'Role ' || lpad(g::text, 2, '0'), 'Permission set ' || g from generate_series(1, 50) g`
  step('agencies and roles')
  await sql`
    insert into users (email, name, agency_id, is_active, created_at, updated_at)
    select lower(f.name || '.' || l.name || g || '@example.com'),
           f.name || ' ' || l.name,
           case when g % 20 = 0 then null else a.ids[1 + g % 1000] end,
           g % 9 <> 0,
           now() - (g || ' seconds')::interval,
           now() - (g || ' seconds')::interval
    from generate_series(1, ${users}) g
    cross join (select array_agg(id order by name) as ids from agencies) a
    cross join lateral (select (array['Ann','Ben','Chloe','David','Elena','Farid','Grace','Hiro','Isla','Jonas','Kemi','Liam','Maya','Noah','Olivia','Priya','Quentin','Rosa','Samir','Tara','Uma','Victor','Wen','Xavier','Yara','Zoe','Aiden','Bea','Caleb','Dina','Emil','Fatima','Gavin','Hana','Ivan','Jade','Kofi','Lena','Marco','Nadia'])[1 + g % 40] as name) f
    cross join lateral (select (array['Lee','Garcia','Okafor','Novak','Silva','Haddad','Kim','Tanaka','Moreau','Fischer','Adeyemi','Walsh','Rossi','Patel','Nguyen','Schmidt','Kowalski','Dubois','Jensen','Costa','Ivanova','Murphy','Sato','Berg','Yilmaz','Mendes','Larsen','Horvat','Andersen','Quinn'])[1 + (g / 40) % 30] as name) l`
  step('users')
  await sql`
    insert into user_roles (user_id, role_id)
    select u.id, r.ids[1 + (u.n % 50)] from (select id, row_number() over () as n from users) u
      cross join (select array_agg(id order by name) as ids from roles) r
    union all
    select u.id, r.ids[1 + ((u.n * 7 + 3) % 50)] from (select id, row_number() over () as n from users) u
      cross join (select array_agg(id order by name) as ids from roles) r`
  step('user_roles')
  // The counts the triggers keep (role-assignment-counts.ts, agency-user-counts.ts), counted once
  // for the whole load: as a replica, this session fires no triggers.
  await sql`delete from role_assignment_counts`
  await sql`insert into role_assignment_counts (role_id, delta)
    select ur.role_id, count(*) from user_roles ur join users u on u.id = ur.user_id where u.deleted_at is null group by ur.role_id`
  await sql`delete from agency_user_counts`
  await sql`insert into agency_user_counts (agency_id, delta)
    select agency_id, count(*) from users where deleted_at is null group by agency_id`
  step('role holder and agency user counts')
  for (const index of indexes) await sql.unsafe(index.indexdef)
  step('indexes')
  // As autovacuum would: statistics for the planner, visibility maps for index-only scans.
  await sql`vacuum analyze`
  const [counts] = await sql`select (select count(*) from users) as users, (select count(*) from agencies) as agencies,
    (select count(*) from roles) as roles, (select count(*) from user_roles) as user_roles`
  console.log(`seeded ${JSON.stringify(counts)} in ${((performance.now() - started) / 1000).toFixed(1)} s`)
} finally {
  await sql.end()
}
