/**
 * A Roster dispatcher whose PostgreSQL backends get killed, run as a process of its own: a driver
 * bug that throws from a timer takes the whole process down, and the test that spawns this script
 * sees that as an exit code instead of losing its own worker.
 *
 *   node scripts/run-ts.mjs test/integration/faults/roster-under-fire.ts <scenario>...
 *
 * Prints `DATABASE <name>` once its database exists (so the parent can drop it after a crash) and
 * `RESULT <scenario> <json>` after each scenario, in the order given. Scenarios: locked-save,
 * locked-read, reserved, storm[:kills].
 */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import postgres from 'postgres'
import type { Result } from '../../../src/shared/result'
import { call, openApi } from '../../support/api'

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const { api, test, close } = await openApi('postgres')
const url = test.url!
const databaseName = new URL(url).pathname.slice(1)
console.log(`DATABASE ${databaseName}`)
// Another client, as psql would be: holds locks, kills backends and reads behind Roster's back.
const psql = postgres(url, { max: 3, onnotice: () => {}, connection: { application_name: 'fault-psql' } })

/** Roster's backends on this database (the pool's, not the migrator's nor psql's). */
async function rosterBackends(where = 'true'): Promise<number[]> {
  const rows = await psql.unsafe<{ pid: number }[]>(
    `select pid from pg_stat_activity where datname = $1 and application_name = 'Roster' and ${where}`,
    [databaseName],
  )
  return rows.map((r) => r.pid)
}

/** Rows of Linux's IPv4 socket table: local and remote port, TCP state (hex) and the socket's inode. */
function socketTable(): { port: number; remotePort: number; state: string; inode: string }[] {
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length > 9)
    .map((fields) => ({
      port: parseInt(fields[1]!.split(':')[1]!, 16),
      remotePort: parseInt(fields[2]!.split(':')[1]!, 16),
      state: fields[3]!,
      inode: fields[9]!,
    }))
}

/**
 * The sockets of Roster's connections to the server from these local ports, by inode: once a
 * connection is closed, its port can be taken at once by a new one (the pool's reconnect, another
 * test's), which is not the socket awaited.
 */
function clientSocketInodes(ports: number[]): Set<string> {
  const serverPort = Number(new URL(url).port || 5432)
  return new Set(
    socketTable()
      .filter((s) => ports.includes(s.port) && s.remotePort === serverPort && s.inode !== '0')
      .map((s) => s.inode),
  )
}

/**
 * Those sockets that the driver has not closed yet: after the server hangs up, the client's end
 * waits in CLOSE_WAIT until its owner closes it.
 */
function openClientSockets(inodes: Set<string>): string[] {
  const TIME_WAIT = '06'
  return socketTable()
    .filter((s) => inodes.has(s.inode) && s.state !== TIME_WAIT)
    .map((s) => `port ${s.port} in TCP state ${s.state}`)
}

async function terminate(pids: number[]): Promise<void> {
  if (pids.length === 0) return
  const ports = (await psql<{ port: number }[]>`select client_port as port from pg_stat_activity where pid = any(${pids}::int[])`).map((r) => r.port)
  const inodes = clientSocketInodes(ports)
  await psql`select pg_terminate_backend(pid) from unnest(${pids}::int[]) as pid`
  // Until the backends are gone and the driver has closed its ends, a call could still be handed
  // one of their dying connections.
  let left = ''
  await waitFor(
    async () => {
      const [row] = await psql<{ alive: number }[]>`select count(*)::int as alive from pg_stat_activity where pid = any(${pids}::int[])`
      const sockets = openClientSockets(inodes)
      left = `${row!.alive} of ${pids.length} backends alive; client sockets open: ${sockets.join(', ') || 'none'}`
      return row!.alive === 0 && sockets.length === 0 ? true : null
    },
    'the killed backends and their client sockets to close',
    () => left,
  )
}

/** Polls `probe` until it finds something; a timeout says what was awaited and, given `state`, what was left. */
async function waitFor<T>(probe: () => Promise<T | null>, what: string, state: () => string = () => '', ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const found = await probe()
    if (found !== null) return found
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${state() ? ` (${state()})` : ''}`)
    await pause(10)
  }
}

async function seedUsers(count: number, tag: string) {
  const saved = await call(api, 'users.save', {
    inserts: Array.from({ length: count }, (_, i) => ({ clientId: `u${i}`, name: `Person ${i} ${tag}`, email: `p${i}-${tag}@example.com` })),
  })
  return saved.inserted.map((r) => r.id)
}

/**
 * The issue's scenario: psql holds a row lock, Roster's call waits for it, the backend is killed.
 * The reply must come, and the process must outlive what the driver does next.
 */
async function lockedCall(lock: (tx: postgres.TransactionSql) => Promise<unknown>, send: () => Promise<Result<unknown>>) {
  let release!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  let locked!: () => void
  const lockTaken = new Promise<void>((resolve) => (locked = resolve))
  const holder = psql
    .begin(async (tx) => {
      await lock(tx)
      locked()
      await Promise.race([tx`select pg_sleep(3)`, released])
    })
    .catch(() => {})
  await lockTaken
  const reply = send()
  const [pid] = await waitFor(async () => {
    const pids = await rosterBackends(`wait_event_type = 'Lock'`)
    return pids.length > 0 ? pids : null
  }, 'Roster to wait for the lock')
  await terminate([pid!])
  const answer = await reply
  release()
  await holder
  // Deliberately idle (the behaviour under test): whatever the driver scheduled after the failure
  // runs in the next turns of the event loop, and a throw there would end this process.
  await pause(300)
  const next = await api.call('users.list', { limit: 5 })
  return { answer, next: next.ok ? 'ok' : next.error }
}

async function lockedSave() {
  const [id] = await seedUsers(1, 'locked')
  const [row] = (await call(api, 'users.list', { limit: 1 })).rows
  const result = await lockedCall(
    (tx) => tx`select id from users where id = ${id!} for update`,
    () => api.call('users.save', { updates: [{ id: id!, updatedAt: row!.updatedAt, changes: { name: 'Changed under a lock' } }] }),
  )
  const [stored] = await psql<{ name: string }[]>`select name from users where id = ${id!}`
  return { ...result, storedName: stored!.name }
}

async function lockedRead() {
  await seedUsers(3, 'read')
  const replies = []
  // Without `supersede` the read runs on a pooled connection; with it, in a transaction of its own.
  for (const supersede of [undefined, 'users-list']) {
    replies.push(
      await lockedCall(
        (tx) => tx`lock table users in access exclusive mode`,
        () => api.call('users.list', { limit: 10, ...(supersede ? { supersede } : {}) }),
      ),
    )
  }
  return replies
}

/** postgres.js's own reserved connection (upstream #1208): a query after its backend died. */
async function reserved() {
  const sql = postgres(url, { max: 2, onnotice: () => {}, connection: { application_name: 'Roster' } })
  const connection = await sql.reserve()
  const [backend] = await connection<{ pid: number }[]>`select pg_backend_pid() as pid`
  // Returns once the driver has closed the socket: the next query has no socket to go to.
  await terminate([backend!.pid])
  const outcome = await connection`select 1 as one`.then(
    () => ({ ok: true }),
    (error: { code?: string }) => ({ ok: false, code: error.code }),
  )
  connection.release()
  // Deliberately idle, as in lockedCall: room for a late throw from the driver.
  await pause(300)
  // More queries than connections: each of the pool's connections, the released one too, answers.
  const answers = await Promise.all([1, 2, 3, 4].map((n) => sql<{ n: number }[]>`select ${n}::int as n`.then(([row]) => row!.n)))
  await sql.end({ timeout: 1 })
  return { outcome, poolAfterwards: answers }
}

const checksumSql = `
  select md5(coalesce((select string_agg(concat_ws('|', id, name, email, agency_id, is_active, updated_at, deleted_at), ',' order by id) from users), '')
       || '/' || coalesce((select string_agg(user_id || ':' || role_id, ',' order by user_id, role_id) from user_roles), '')) as sum`
/** One value for everything a users save may write: its users and their roles. */
const checksum = async () => (await psql.unsafe<{ sum: string }[]>(checksumSql))[0]!.sum

/**
 * Rounds, until `kills` of them have killed backends, of: a save of a batch whose rows all carry
 * one marker (updates, role changes and inserts), reads with and without `supersede`, and every
 * Roster backend killed at a random moment while they run. Returns what a test needs to judge
 * each round.
 */
async function storm(kills: number) {
  const tag = randomBytes(3).toString('hex')
  const ids = await seedUsers(400, tag)
  const batchIds = ids.slice(0, 40)
  const roles = await call(api, 'roles.save', { inserts: [{ clientId: 'a', name: `Role A ${tag}` }, { clientId: 'b', name: `Role B ${tag}` }] })
  const roleIds = roles.inserted.map((r) => r.id)
  const rounds = []
  let killings = 0
  let backends = 0
  for (let round = 0; killings < kills; round++) {
    const marker = `m${round}x${tag}`
    const roleId = roleIds[round % 2]!
    const before = await checksum()
    const save = api.call('users.save', {
      updates: batchIds.map((id) => ({ id, updatedAt: '2000-01-01T00:00:00.000Z', overwrite: true, changes: { name: `${marker} ${id}`, roleIds: [roleId] } })),
      inserts: [0, 1].map((i) => ({ clientId: `n${i}`, name: `${marker} new ${i}`, email: `${marker}-${i}@example.com`, roleIds: [roleId] })),
    })
    // Most rounds kill during the save and the reads; every fourth lets the save finish first and
    // kills during the reads alone, so saves after kills are seen to apply whole as well.
    const killDuringSave = round % 4 !== 3
    if (!killDuringSave) await save
    const reads = [
      api.call('users.list', { limit: 200, search: tag }),
      api.call('users.list', { limit: 200, sort: [{ column: 'email', direction: 'desc' }], supersede: `storm-${round}` }),
      api.call('users.count', { search: 'Person', supersede: 'storm-count' }),
    ]
    // A random moment to kill at (the behaviour under test), not a wait for a state.
    await pause(Math.random() * (killDuringSave ? 25 : 10))
    const pids = await rosterBackends()
    await terminate(pids)
    if (pids.length > 0) killings++
    backends += pids.length
    const [saveReply, ...readReplies] = await Promise.all([save, ...reads])
    const after = await checksum()
    const [applied] = await psql<{ names: number; inserts: number; roles: number }[]>`
      select (select count(*)::int from users where id = any(${batchIds}::uuid[]) and name like ${`${marker} %`}) as names,
             (select count(*)::int from users where name like ${`${marker} new %`}) as inserts,
             (select count(*)::int from user_roles ur join users u on u.id = ur.user_id
                where u.name like ${`${marker} %`} and ur.role_id = ${roleId}) as roles`
    // A backend leaves pg_stat_activity a moment before its socket closes: on a busy machine the
    // first call after a kill may still be handed that connection, once.
    let next = await api.call('users.list', { limit: 5, search: tag })
    if (!next.ok && next.error.code === 'connection') next = await api.call('users.list', { limit: 5, search: tag })
    rounds.push({
      round,
      marker,
      killed: pids.length,
      save: saveReply,
      reads: readReplies.map((r) => (r.ok ? { ok: true } : r)),
      unchanged: before === after,
      applied,
      next: next.ok ? 'ok' : next.error,
    })
  }
  // No connection was left poisoned: more calls than the pool has connections, at once, then in turn.
  const afterwards = await Promise.all(Array.from({ length: 15 }, () => api.call('users.count', { search: tag })))
  for (let i = 0; i < 15; i++) afterwards.push(await api.call('users.list', { limit: 5, search: tag }))
  return { kills: killings, backends, batchRows: batchIds.length, rounds, afterwards: afterwards.map((r) => (r.ok ? 'ok' : r.error)) }
}

const scenarios: Record<string, (argument?: string) => Promise<unknown>> = {
  'locked-save': lockedSave,
  'locked-read': lockedRead,
  reserved,
  storm: (kills) => storm(Number(kills ?? 50)),
}

try {
  for (const arg of process.argv.slice(2)) {
    const [name = '', argument] = arg.split(':')
    const run = scenarios[name]
    if (!run) throw new Error(`unknown scenario ${name}`)
    console.log(`RESULT ${name} ${JSON.stringify(await run(argument))}`)
  }
} finally {
  await psql.end({ timeout: 1 })
  await close()
}
