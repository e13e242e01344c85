/**
 * npm run bench:grid -- [--database <url>] [--runs 40] [--matrix-runs 5] [--only <regexp of case names>]
 *
 * Times the pages the grid asks for on a large users table (seed it with `npm run bench:seed`)
 * through the full API path (dispatcher → service → Drizzle → postgres.js), against the
 * equivalent SQL through raw postgres.js in the same run: the page, plus the planner's estimate
 * of the total (what the API returns alongside it). Then the matrix of every sortable column both
 * ways × each filter, first and middle page (bench/grid-matrix.ts). Last, every case whose ratio
 * came at RETIME_FROM or above is timed again (twice the pairs) and printed as `retimed`: `grid
 * ratio` takes the retimed figure, `grid ratio (first timings)` the first.
 */
import postgres from 'postgres'
import type { Dispatcher } from '../src/main/api'
import type { MethodInput } from '../src/shared/contract'
import { matrixCases, type MatrixCase, type MatrixFilter } from './grid-matrix'
import { benchArgs, ensureBenchDatabase, ms, openBenchApi, rawClient, timePair } from './support'

const args = benchArgs({
  runs: { type: 'string', default: '40' },
  'matrix-runs': { type: 'string', default: '5' },
  only: { type: 'string', default: '' },
})
const runs = Number(args.runs)
const matrixRuns = Number(args['matrix-runs'])
const only = args.only ? new RegExp(args.only) : undefined
const WARM_UP_PAIRS = 300
/**
 * A case of a millisecond or two is timed until each side has run this long, up to MOST_RUNS pairs:
 * with 30 pairs and 150 ms, such pages read 1.3–1.5 in one run and 1.1 in the next (the API's
 * overhead on a 1.1 ms page is ~0.13 ms, timed over 300 pairs).
 */
const UNTIL_MS = 400
const MOST_RUNS = 80
/**
 * A ratio from this on is timed again. The same 1–3 ms page, 300–600 pairs in each of three
 * processes minutes apart, read 1.11, 1.30 and 1.13 (the raw side 1.43–1.76 ms from one process
 * to the next): one timing of such a case says ±0.2. A case picked for a high first figure is
 * high partly by chance, so its second, independent timing is the fair one; cases that came lower
 * keep their one timing, and those just under 1.3 are retimed too.
 */
const RETIME_FROM = 1.2
await ensureBenchDatabase(args.database)

// The app's planning policy (src/main/db/client.ts), so both sides run the same plans and the
// ratio measures the API path alone. Without it a parameterized search may flip to a generic
// plan that walks the whole name index: seconds instead of milliseconds, on either side.
const raw = await rawClient(args.database, 4)
const probe = await rawClient(args.database, 1)
const { api, close } = await openBenchApi(args.database)

const pageColumns = raw`
  u.id, u.email, u.name, u.agency_id, a.name as agency_name, u.is_active,
  coalesce((select array_agg(ur.role_id order by ur.role_id) from user_roles ur where ur.user_id = u.id), '{}') as role_ids,
  u.created_at, u.updated_at, u.deleted_at`

async function list(input: MethodInput<'users.list'>) {
  const result = await (api as Dispatcher).call('users.list', { ...input, fresh: true })
  if (!result.ok) throw new Error(`users.list failed: ${result.error.message}`)
  return result.data as { rows: { id: string; name: string; email: string; createdAt: string }[]; total: number; totalExact: boolean }
}

const estimate = (where: postgres.PendingQuery<postgres.Row[]> | ReturnType<typeof raw>) =>
  raw`explain (format json) select 1 from users u ${where}`

const live = raw`where u.deleted_at is null`
/** The live users, all of them or those of one agency (null: of none), as the triggers keep their counts. */
const keptUsers = (agencyId?: string | null) =>
  raw`select coalesce(sum(delta), 0)::int as n from agency_user_counts
      ${agencyId === undefined ? raw`` : agencyId === null ? raw`where agency_id is null` : raw`where agency_id = ${agencyId}`}`
// The grid's total: the last page's offset must fall within it (the planner's row count of the table may pass it).
const [{ n: users }] = (await keptUsers()) as unknown as [{ n: number }]
if (users < 100_000) console.warn(`only ${users} users: seed first with npm run bench:seed -- --users 1000000`)

// The grid reaches 50 % by position; its raw equivalent is the keyset seek to the same spot.
const middle = await list({ limit: 100, offset: Math.floor(users / 2), sort: [{ column: 'name', direction: 'asc' }] })
const middleName = middle.rows[0]!.name
// An agency with users (the seed leaves every twentieth one empty): the filter narrows to ~1,000 of them.
const agency = (await raw`select id from agencies a where exists (select 1 from users u where u.agency_id = a.id) order by name offset 500 limit 1`)[0]!.id as string
const role = (await raw`select id from roles order by name offset 10 limit 1`)[0]!.id as string
const [{ newest, email }] = (await raw`select max(created_at) as newest, (select email from users order by id limit 1) as email from users`) as unknown as [
  { newest: Date; email: string },
]
const day = 86_400_000
const sinceTwoDays = new Date(newest.getTime() - 2 * day).toISOString()
const sinceOneDay = new Date(newest.getTime() - day).toISOString()
const matrixFilters: MatrixFilter[] = [
  { name: 'none', filters: {}, where: raw`true`, keptTotal: () => keptUsers() },
  {
    name: 'agency',
    filters: { agencyId: agency },
    where: raw`u.agency_id = ${agency}`,
    keptTotal: () => keptUsers(agency),
    pins: ['agencyName'],
  },
  { name: 'active', filters: { isActive: true }, where: raw`u.is_active = true`, pins: ['isActive'] },
  {
    name: 'role',
    filters: { roleId: role },
    where: raw`u.id in (select user_id from user_roles where role_id = ${role})`,
    keptTotal: () => raw`select coalesce(sum(delta), 0)::int as n from role_assignment_counts where role_id = ${role}`,
  },
  { name: 'search', filters: {}, search: 'lee123', where: raw`(u.name ilike ${'%lee123%'} or u.email ilike ${'%lee123%'})` },
  {
    name: 'created in range',
    filters: { createdAt: { op: 'between', from: sinceTwoDays, to: sinceOneDay } },
    where: raw`u.created_at >= ${sinceTwoDays}::timestamptz and u.created_at < ${sinceOneDay}::timestamptz`,
  },
  {
    name: 'agency + active',
    filters: { agencyId: agency, isActive: true },
    where: raw`u.agency_id = ${agency} and u.is_active = true`,
    pins: ['agencyName', 'isActive'],
  },
  // What ILIKE with no wildcard tests, in the terms of the live users' unique index on lower(email).
  { name: 'email equals', filters: { email: { op: 'equals', value: email } }, where: raw`lower(u.email) = lower(${email})` },
  {
    name: 'name starts with',
    filters: { name: { op: 'startsWith', value: 'Ann' } },
    where: raw`u.name ilike ${'Ann%'}`,
    starts: { column: 'name', spellings: ['ANN', 'ANn', 'AnN', 'Ann', 'aNN', 'aNn', 'anN', 'ann'] },
  },
  { name: 'agency is empty', filters: { agencyName: { op: 'empty' } }, where: raw`u.agency_id is null`, keptTotal: () => keptUsers(null), pins: ['agencyName'] },
  {
    name: 'updated last 7 days',
    filters: { updatedAt: { op: 'lastDays', days: 7 } },
    where: raw`u.updated_at >= now() - make_interval(days => 7)`,
  },
]

const cases: MatrixCase[] = [
  {
    name: 'first page',
    api: () => list({ limit: 100, sort: [{ column: 'name', direction: 'asc' }] }),
    raw: () =>
      Promise.all([
        raw`select ${pageColumns} from users u left join agencies a on a.id = u.agency_id ${live} order by u.name, u.id limit 100`,
        keptUsers(),
      ]),
  },
  {
    name: 'page at 50%',
    api: () => list({ limit: 100, offset: Math.floor(users / 2), sort: [{ column: 'name', direction: 'asc' }] }),
    raw: () =>
      Promise.all([
        raw`select ${pageColumns} from users u left join agencies a on a.id = u.agency_id
            ${live} and u.name >= ${middleName} order by u.name, u.id limit 100`,
        keptUsers(),
      ]),
  },
  {
    name: 'last page',
    api: () => list({ limit: 100, offset: users - 100, sort: [{ column: 'name', direction: 'asc' }] }),
    raw: () =>
      Promise.all([
        raw`select ${pageColumns} from users u left join agencies a on a.id = u.agency_id ${live} order by u.name desc, u.id desc limit 100`,
        keptUsers(),
      ]),
  },
  {
    name: 'sorted + filtered page',
    api: () => list({ limit: 100, sort: [{ column: 'email', direction: 'desc' }], filters: { agencyId: agency, isActive: true } }),
    raw: () => {
      const where = raw`${live} and u.agency_id = ${agency} and u.is_active = true`
      // By hand, the agency's own (agency_id, email, id, …) index read in order: walking the email
      // index for its users is the trap of issue 15 (at 10M it discards 9M rows and hits the timeout).
      return Promise.all([
        raw`select ${pageColumns} from users u left join agencies a on a.id = u.agency_id
            ${where} order by u.email desc, u.id desc limit 100`,
        estimate(where),
        raw`select count(*) from users u ${where}`,
      ])
    },
  },
  {
    name: 'search',
    api: () => list({ limit: 100, search: 'lee123' }),
    raw: () => {
      // The term travels as a parameter, as any postgres.js code taking it from a person sends it.
      const where = raw`${live} and (u.name ilike ${'%lee123%'} or u.email ilike ${'%lee123%'})`
      return Promise.all([
        raw`select ${pageColumns} from users u left join agencies a on a.id = u.agency_id ${where} order by u.name, u.id limit 100`,
        estimate(where),
        raw`select count(*) from users u ${where}`,
      ])
    },
  },
]

try {
  console.log(`users: ${users.toLocaleString('en')} (medians of alternating runs: ${runs} per case, ${matrixRuns} per matrix case; more, up to ${MOST_RUNS}, until each side has run ${UNTIL_MS} ms)`)
  const results: Record<string, { api: number; raw: number }> = {}
  const timed: { c: MatrixCase; times: number }[] = []
  // At least `times` pairs, and more for a fast case: a few milliseconds a page swing by half from run to run.
  const time = (c: MatrixCase, times: number, warmup: number, untilMs: number) =>
    timePair(c.api, c.raw, times, warmup, { untilMs, maxRuns: Math.max(times, MOST_RUNS * (untilMs / UNTIL_MS)) })
  const run = async (c: MatrixCase, times: number, warmup: number) => {
    const [apiMs, rawMs] = await time(c, times, warmup, UNTIL_MS)
    results[c.name] = { api: apiMs, raw: rawMs }
    timed.push({ c, times })
    console.log(`${c.name}: api ${ms(apiMs)} raw ${ms(rawMs)} ratio ${(apiMs / rawMs).toFixed(2)}`)
  }
  // Untimed first: Roster's main process runs for hours, and V8 compiles its page path over the first
  // few hundred calls. Timed straight after start, the first case read 1.54 (1.19 against 0.77 ms
  // raw) where the same page, timed again in the matrix, read 1.23.
  await timePair(cases[0]!.api, cases[0]!.raw, 0, WARM_UP_PAIRS)
  for (const c of cases) if (!only || only.test(c.name)) await run(c, runs, 5)
  // Text sorts bytewise under the C collations of libc (C.UTF-8 too) or the builtin provider, in UTF-8.
  const [{ bytewise }] = (await raw`
    select pg_encoding_to_char(encoding) = 'UTF8' and (coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') = 'b'
      or coalesce(to_jsonb(d) ->> 'datlocprovider', 'c') = 'c' and datcollate ~* '^(c|posix)(\.utf-?8)?$') as bytewise
    from pg_database d where datname = current_database()`) as unknown as [{ bytewise: boolean }]
  await matrixCases({ raw, probe, list, filters: matrixFilters, pageColumns, only, users, bytewise, run: (c) => run(c, matrixRuns, 1) })
  const ratioOf = (r: { api: number; raw: number }) => r.api / r.raw
  const firstWorst = Math.max(...Object.values(results).map(ratioOf))
  for (const { c, times } of timed.filter(({ c }) => ratioOf(results[c.name]!) >= RETIME_FROM)) {
    const first = ratioOf(results[c.name]!)
    const [apiMs, rawMs] = await time(c, times * 2, 5, UNTIL_MS * 2)
    results[c.name] = { api: apiMs, raw: rawMs }
    console.log(`retimed ${c.name}: api ${ms(apiMs)} raw ${ms(rawMs)} ratio ${(apiMs / rawMs).toFixed(2)} (first ${first.toFixed(2)})`)
  }
  console.log(`grid ratio (first timings): ${firstWorst.toFixed(2)}`)
  console.log(`grid ratio: ${Math.max(...Object.values(results).map(ratioOf)).toFixed(2)}`)
  // A deep page against the first page of the same view, through the API.
  const deep = Object.keys(results).flatMap((name) => {
    const firstName = name === 'last page' || name === 'page at 50%' ? 'first page' : name.replace(/ deep page$/, ' first page')
    return firstName !== name && results[firstName] ? [results[name]!.api / results[firstName]!.api] : []
  })
  console.log(`deep page ratio: ${Math.max(...deep).toFixed(2)}`)
} finally {
  await close()
  await raw.end()
  await probe.end()
}
