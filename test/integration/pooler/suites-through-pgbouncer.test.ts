/**
 * The service suites that a transaction pooler could break, run again with the app reaching each
 * test database through PgBouncer in transaction mode (its server pool smaller than the app's
 * pool), the checks behind the app's back still made directly: migrations (every suite's database
 * is migrated through it), list paging (keyset, jumps, estimated and exact counts, supersede and
 * cancel), saves with conflicts, and the list cache.
 */
import './postgres-only'
import { afterAll, beforeAll } from 'vitest'
import { startPgBouncer, type PgBouncer } from '../../support/pgbouncer'
import '../../main/services/paging.test'
import '../../main/db/superseding.test'
import '../../main/services/agencies.test'
import '../cache/api-cache.test'

let bouncer: PgBouncer
// A file-level hook: it runs before every suite's own, so each opens its database through the pooler.
beforeAll(async () => {
  bouncer = await startPgBouncer({ mode: 'transaction', poolSize: 8 })
  process.env.ROSTER_TEST_POOLER_URL = bouncer.urlFor('postgres')
})
afterAll(async () => {
  delete process.env.ROSTER_TEST_POOLER_URL
  await bouncer?.stop()
})
