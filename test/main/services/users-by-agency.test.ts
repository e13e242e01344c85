import { sql, type SQL } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { queryRows, type RosterDb } from '../../../src/main/db/client'
import { agencies } from '../../../src/main/db/schema/agencies'
import { users } from '../../../src/main/db/schema/users'
import { encodeCursor } from '../../../src/main/services/keyset-cursor'
import { EXACT_COUNT_BELOW } from '../../../src/main/services/list-total'
import { filtersInForce, type NamedFilters } from '../../../src/main/services/list-query'
import { listUsers } from '../../../src/main/services/users'
import { prefixStretches } from '../../../src/main/services/prefix-stretches'
import { inPlace } from '../../../src/main/services/statement-registry'
import { usersByAgencyIds } from '../../../src/main/services/users-by-agency'
import type { SortDirection } from '../../../src/shared/schemas/common'
import { userListQuery, type UserListQuery } from '../../../src/shared/schemas/users'
import { call, openApi } from '../../support/api'
import { bulkFill } from '../../support/bulk-fill'
import { engines } from '../../support/databases'
import { explainableUsers, usersIndexReads } from '../../support/explain-page'

/** Nine in ten active: enough that the filter does not narrow the view, so the agency walk reads it. */
const USERS = 60_000

/**
 * Agencies whose name order differs from their insertion order and, in some collations, from
 * byte order; two deleted (their users still show their names), one without users, and one with
 * few, first by name in every collation, so a small offset crosses from it to the next.
 */
const AGENCIES = [
  { name: '1st', deleted: false },
  { name: 'Beta', deleted: false },
  { name: 'alpha', deleted: false },
  { name: 'Alpha Co', deleted: true },
  { name: 'delta', deleted: false },
  { name: 'Gamma', deleted: true },
  { name: 'Empty', deleted: false },
  { name: 'Zulu', deleted: false },
  { name: 'Épée', deleted: false },
]

async function seed(db: RosterDb) {
  const run = (text: string) => queryRows(db, z.unknown(), sql.raw(text))
  await run(
    `insert into agencies (name, deleted_at) values ${AGENCIES.map((a) => `('${a.name}', ${a.deleted ? 'now()' : 'null'})`).join(', ')}`,
  )
  // Agencies of uneven sizes (13 residues over 7 agencies), 1 in 30 users in none (a group a small
  // offset crosses, descending), 1 in 1,000 in the small first agency.
  await bulkFill(run, 'users', () =>
    run(`
      insert into users (email, name, agency_id, is_active, created_at, updated_at, deleted_at)
      select 'user' || g || '@example.com', 'User ' || g,
             case when g % 30 = 0 then null when g % 1000 = 7 then (select id from agencies where name = '1st')
                  else ids[1 + (g % 13) % cardinality(ids)] end,
             g % 10 <> 3, now() - (g || ' minutes')::interval, now() - (g || ' minutes')::interval,
             case when g % 50 = 1 then now() end
      from generate_series(1, ${USERS}) g,
           (select array_agg(id order by created_at, name) as ids from agencies where name not in ('Empty', '1st')) named`),
  )
  await run('analyze')
}

interface Ranked {
  id: string
  agencyName: string | null
}

/** The whole view in the page's order, as one ORDER BY over the join gives it. */
const wholeOrder = (db: RosterDb, where: SQL, direction: SortDirection) =>
  queryRows(
    db,
    z.object({ id: z.string(), agencyName: z.string().nullable() }),
    sql`select users.id, agencies.name as "agencyName" from users left join agencies on agencies.id = users.agency_id
        where ${where} order by agencies.name ${sql.raw(direction)}, users.id ${sql.raw(direction)}`,
  )

/** Positions next to every change of agency (into and out of the users of none), plus a spread of others. */
function positionsAround(rows: Ranked[], every: number): number[] {
  const positions = new Set<number>()
  rows.forEach((row, i) => {
    if (i % every === 0 || (i > 0 && rows[i - 1]!.agencyName !== row.agencyName)) {
      for (const p of [i - 2, i - 1, i, i + 1]) if (p >= 0 && p < rows.length) positions.add(p)
    }
  })
  if (rows.length > 0) positions.add(rows.length - 1)
  return [...positions].sort((a, b) => a - b)
}

describe.each(engines)('users sorted by agency name on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let db: RosterDb

  beforeAll(async () => {
    ctx = await openApi(engine)
    db = ctx.test.database.db
    await seed(db)
  }, 120_000)
  afterAll(() => ctx?.close())

  // Views narrow enough to check every position; the walk is given them as the list gives its filters,
  // by name: those on the agency index's columns (deleted, active, the dates) and others.
  const recent: NamedFilters = { 'createdAt:after': sql`${users.createdAt} >= now() - interval '300 minutes'`, live: sql`${users.deletedAt} is null` }
  const views: [string, NamedFilters][] = [
    ['recent and active', { ...recent, isActive: sql`${users.isActive}` }],
    ['recent, in no agency', { ...recent, 'agencyId:none': sql`${users.agencyId} is null` }],
    ['recent, in an agency named with an a', { ...recent, 'agencyName:contains': sql`${users.agencyId} in (select id from agencies where name ilike '%a%')` }],
    ['none', { 'createdAt:after': sql`${users.createdAt} > now() + interval '1 day'` }],
  ]

  it.each(views)('walks the agencies to the same rows as one ORDER BY over the join, from any offset or cursor: %s', async (_, filters) => {
    const where = filtersInForce(filters).where
    for (const direction of ['asc', 'desc'] as const) {
      const whole = await wholeOrder(db, where ?? sql`true`, direction)
      const order = [
        { expr: agencies.name, type: 'text', nullable: true, direction },
        { expr: users.id, type: 'uuid', nullable: false, direction },
      ] as const
      const limit = 5
      const idsOf = async (read: { after?: unknown[]; offset?: number; share?: number }) =>
        (
          await queryRows(
            db,
            z.object({ id: z.string() }),
            usersByAgencyIds({
              filters,
              order: [...order],
              limit,
              offset: read.offset ?? 0,
              ...(read.after ? { after: read.after } : {}),
              ...(read.share === undefined ? {} : { share: sql`${read.share}` }),
            }),
          )
        ).map((r) => r.id)
      const expected = (from: number) => whole.slice(from, from + limit).map((r) => r.id)
      /** Bounded to one agency of the nine, a walk gives the page or comes short; given them all, the page. */
      const expectBounded = async (read: { after?: unknown[]; offset?: number }, from: number, label: string) => {
        const bounded = await idsOf({ ...read, share: 1 / AGENCIES.length })
        if (bounded.length === limit) {
          expect(bounded, `${label}, one agency visited`).toEqual(expected(from))
          fullPages++
        }
        expect(await idsOf({ ...read, share: 1 }), `${label}, every agency visited`).toEqual(expected(from))
      }
      let fullPages = 0
      for (const at of [0, ...positionsAround(whole, 40)]) {
        expect(await idsOf({ offset: at }), `${direction} from offset ${at}`).toEqual(expected(at))
        const row = whole[at]
        if (row) expect(await idsOf({ after: [row.agencyName, row.id] }), `${direction} after row ${at}`).toEqual(expected(at + 1))
        if (at % 3 === 0) {
          await expectBounded({ offset: at }, at, `${direction} from offset ${at}`)
          if (row) await expectBounded({ after: [row.agencyName, row.id] }, at + 1, `${direction} after row ${at}`)
        }
      }
      // Most positions lie in an agency with a page of matches beyond them: the bounded walk finds it.
      if (whole.length > 0) expect(fullPages, direction).toBeGreaterThan(0)
    }
  })

  it('reads each agency’s matches from the stretches of a name’s start, to the same rows from any offset or cursor', async () => {
    const stretches = await prefixStretches(db, 'name', users.name, { op: 'startsWith', value: 'user 12' })
    expect(stretches?.holds).toBe('name:startsWith')
    const filters: NamedFilters = { live: sql`${users.deletedAt} is null`, isActive: sql`${users.isActive}`, 'name:startsWith': sql`${users.name} ilike 'user 12%'` }
    const within = stretches!.stretches.map((stretch) => stretches!.within(stretch, inPlace))
    for (const direction of ['asc', 'desc'] as const) {
      const whole = await wholeOrder(db, filtersInForce(filters).where!, direction)
      expect(whole.length).toBeGreaterThan(500)
      const order = [
        { expr: agencies.name, type: 'text', nullable: true, direction },
        { expr: users.id, type: 'uuid', nullable: false, direction },
      ] as const
      const limit = 5
      const idsOf = async (read: { after?: unknown[]; offset?: number }) =>
        (
          await queryRows(
            db,
            z.object({ id: z.string() }),
            usersByAgencyIds({ filters, order: [...order], limit, offset: read.offset ?? 0, ...read, stretches: { within, holds: stretches!.holds } }),
          )
        ).map((r) => r.id)
      const expected = (from: number) => whole.slice(from, from + limit).map((r) => r.id)
      for (const at of [0, ...positionsAround(whole, 100)]) {
        expect(await idsOf({ offset: at }), `${direction} from offset ${at}`).toEqual(expected(at))
        const row = whole[at]
        if (row) expect(await idsOf({ after: [row.agencyName, row.id] }), `${direction} after row ${at}`).toEqual(expected(at + 1))
      }
    }
  })

  describe('through the list, a filter keeping most users', () => {
    const filtered: UserListQuery['filters'] = { isActive: true }
    const whole = (direction: SortDirection) => wholeOrder(db, sql`${users.isActive} and ${users.deletedAt} is null`, direction)
    const list = async (direction: SortDirection, page: { limit: number; offset?: number; after?: string }) =>
      call(ctx.api, 'users.list', { sort: [{ column: 'agencyName', direction }], filters: filtered, ...page })
    const cursorAfter = (direction: SortDirection, row: Ranked) => encodeCursor(`agencyName:${direction}`, [row.agencyName, row.id])

    it.each(['asc', 'desc'] as const)('reads the same pages from the start, after a cursor, from the end, past a sampled row (%s)', async (direction) => {
      const rows = await whole(direction)
      expect(rows.length).toBeGreaterThan(EXACT_COUNT_BELOW)
      const ids = (from: number, to: number) => rows.slice(from, to).map((r) => r.id)
      const pageIds = (page: { rows: { id: string }[] }) => page.rows.map((r) => r.id)

      // From the start and across the first changes of agency (or out of the users of none).
      const crossings = rows.flatMap((row, i) => (i >= 10 && i < 4_950 && rows[i - 1]!.agencyName !== row.agencyName ? [i - 10] : []))
      expect(crossings.length).toBeGreaterThan(0)
      for (const offset of [0, 1, 4_990, ...crossings]) {
        expect(pageIds(await list(direction, { limit: 50, offset })), `offset ${offset}`).toEqual(ids(offset, offset + 50))
      }
      // Across every change of agency, into the users of none and out of them, and from the last row.
      for (const at of positionsAround(rows, 20_000)) {
        const page = await list(direction, { limit: 4, after: cursorAfter(direction, rows[at]!) })
        expect(pageIds(page), `after row ${at}`).toEqual(ids(at + 1, at + 5))
      }
      // Near the end: the reversed order read from the end, `rowsAfter` rows short of it.
      for (const fromEnd of [40, 1_040]) {
        const page = await list(direction, { limit: 40, offset: rows.length - fromEnd })
        const skipped = page.rowsAfter!
        expect(pageIds(page), `${fromEnd} from the end`).toEqual(ids(rows.length - skipped - page.rows.length, rows.length - skipped))
      }
      // In the middle: a sampled row's keys, then the rows after it, then the next page by its cursor.
      const middle = await list(direction, { limit: 30, offset: Math.floor(rows.length / 2) })
      const landed = rows.findIndex((r) => r.id === middle.rows[0]!.id)
      expect(pageIds(middle)).toEqual(ids(landed, landed + 30))
      const next = await list(direction, { limit: 30, after: middle.nextCursor! })
      expect(pageIds(next)).toEqual(ids(landed + 30, landed + 60))
    })
  })
})

/**
 * Names starting with Ann all in no agency, as at 10M users in the benchmark: sorted by agency
 * name ascending, every agency's users lie ahead of them.
 */
const [AGENCIES_WITHOUT_ANNS, USERS_PER_AGENCY, ANNS_IN_NONE, OTHERS_IN_NONE] = [40, 1_000, 4_000, 1_000]

describe('names starting with Ann, none of them in an agency, sorted by agency name (postgres)', () => {
  const client = explainableUsers(async (client) => {
    await client`insert into agencies (name) select 'Agency ' || lpad(g::text, 2, '0') from generate_series(1, ${AGENCIES_WITHOUT_ANNS}::int) g`
    await client`
      insert into users (email, name, agency_id)
      select 'u' || g || '@example.com', case when g <= ${ANNS_IN_NONE} then 'Ann ' else 'Zed ' end || g,
             case when g > ${ANNS_IN_NONE + OTHERS_IN_NONE} then ids[1 + g % cardinality(ids)] end
      from generate_series(1, ${ANNS_IN_NONE + OTHERS_IN_NONE + AGENCIES_WITHOUT_ANNS * USERS_PER_AGENCY}::int) g,
           (select array_agg(id) as ids from agencies) a`
  })
  const anns = (direction: SortDirection) =>
    client()<{ id: string }[]>`select id from users where name like 'Ann %' order by id ${client().unsafe(direction)}`.then((rows) => rows.map((r) => r.id))
  const byAgency = (direction: SortDirection, after: string | null = null) =>
    userListQuery.parse({ sort: [{ column: 'agencyName', direction }], filters: { name: { op: 'startsWith', value: 'Ann' } }, limit: 100, after })

  it('reads each agency’s Anns from its (agency_id, name) index, one range a spelling: no agency’s users tested one by one, no sort of the 4,000', async () => {
    const db = drizzle(client())
    const before = await usersIndexReads(client())
    const page = await listUsers(db, byAgency('asc'))
    const after = await usersIndexReads(client())
    const read = (index: string) => after.entries[index]! - before.entries[index]!
    expect(page.rows.map((r) => r.id)).toEqual((await anns('asc')).slice(0, 100))
    expect(page).toMatchObject({ total: ANNS_IN_NONE, totalExact: true })
    // Of the agencies' indexes, at most the entries of the 5,000 users of none (read in id order to
    // the page's hundredth Ann, or all of them from (agency_id, name) and sorted): no agency's user
    // (walked by id, every user of every agency: 40,000). Rows: at most the page's and as many
    // again (sorted, all 4,000 Anns).
    expect(read('users_agency_name_idx') + read('users_agency_id_idx')).toBeLessThanOrEqual(ANNS_IN_NONE + OTHERS_IN_NONE)
    expect(after.fetched - before.fetched).toBeLessThanOrEqual(200)
  })

  it('reads on by cursor both ways to the rows of one ORDER BY', async () => {
    const db = drizzle(client())
    for (const direction of ['asc', 'desc'] as const) {
      const first = await listUsers(db, byAgency(direction))
      const next = await listUsers(db, byAgency(direction, first.nextCursor))
      expect([...first.rows, ...next.rows].map((r) => r.id), direction).toEqual((await anns(direction)).slice(0, 200))
    }
  })
})
