import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest'
import { queryRows } from '../../../src/main/db/client'
import { methodNames, type MethodName } from '../../../src/shared/contract'
import { errorCodes, type Result } from '../../../src/shared/result'
import { call, openApi } from '../../support/api'
import { engines } from '../../support/databases'

/**
 * Every API method, on both engines, fed bad input from a seeded generator: wrong types, missing
 * and extra fields, huge strings, NUL, lone surrogates, forged cursors, unknown sorts and filters,
 * SQL payloads, deep nesting. The dispatcher must always answer with a typed error that carries no
 * SQL and no parameters, log none either, and a refused call must leave the tables as they were.
 */

const CASES_PER_METHOD = 40
/** A port on loopback that nothing listens on: connection attempts fail at once, never leave the machine. */
const CLOSED_URL = 'postgres://postgres@127.0.0.1:1/fuzz?connect_timeout=2'

/** mulberry32: a small deterministic generator, so every run sends the same calls. */
function generator(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! }
}

const sqlPayloads = [
  "'; drop table users; --",
  '"; delete from agencies; --',
  "' or '1'='1",
  "x') union select email from users --",
  "1; update \"users\" set name = 'pwned'",
  '$1',
  "\\'; truncate user_roles; --",
]

const nested = (depth: number, wrap: (inner: unknown) => unknown) => {
  let value: unknown = 'bottom'
  for (let i = 0; i < depth; i++) value = wrap(value)
  return value
}

const hugeString = 'x'.repeat(3 * 1024 * 1024)
const badValues: unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  1e308,
  2 ** 53 + 1,
  true,
  false,
  '',
  '   ',
  hugeString,
  `${'é'.repeat(1000)}\u0000`,
  'a\u0000b',
  '\u0000',
  'a\ud800b',
  '\udfff',
  'not-a-uuid',
  '2026-13-45T99:99:99Z',
  '00000000-0000-0000-0000-00000000000g',
  ...sqlPayloads,
  [],
  [1, 'two', null],
  {},
  { $gt: '' },
  JSON.parse('{"__proto__": {"polluted": true}}'),
  nested(3000, (inner) => [inner]),
  nested(3000, (inner) => ({ a: inner })),
  // What Electron's structured clone can carry besides JSON.
  10n,
  new Date(Number.NaN),
  new Map([['id', 'x']]),
]

/** Strings no field may take as they are, or that must stay plain data if it does. */
const nastyStrings = [hugeString, 'a\u0000b', 'a\ud800b', '\udc00', ...sqlPayloads]
const wrongTypes: unknown[] = [null, 42, 'text', [], { nested: { deeper: true } }]

/** A forged `after` for the sort it claims, with values of the wrong kind. */
const cursor = (signature: string, values: unknown) => Buffer.from(JSON.stringify({ s: signature, v: values })).toString('base64url')
const forgedCursors = [
  'not base64 at all ~~~',
  Buffer.from('{"s":').toString('base64url'),
  cursor('name:asc', ['Ann', 'not-a-uuid']),
  cursor('name:asc', [{ sql: 'select 1' }, '00000000-0000-4000-8000-000000000001']),
  cursor('name:asc', ["'; drop table users; --", "'; drop table users; --"]),
  cursor('name:asc', ['a\u0000', '00000000-0000-4000-8000-000000000001']),
  cursor('name:asc', [null, null]),
  cursor('name:asc', 'not an array'),
  cursor('createdAt:desc', ['yesterday', '00000000-0000-4000-8000-000000000001']),
  cursor('updatedAt:asc', [12, '00000000-0000-4000-8000-000000000001']),
  cursor('isActive:asc', ['true', '00000000-0000-4000-8000-000000000001']),
  cursor('userCount:desc', ['1e999', '00000000-0000-4000-8000-000000000001']),
  cursor('userCount:desc', [1.5, '00000000-0000-4000-8000-000000000001']),
  cursor('', Array.from({ length: 5000 }, () => 'x')),
]

type Path = (string | number)[]

/** Every place in a value (objects and arrays, not their leaves' insides). */
function pathsOf(value: unknown, at: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [at]
  const children = Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...at, Array.isArray(value) ? Number(key) : key]))
  return [at, ...children]
}

const clone = <T>(value: T): T => structuredClone(value)

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value
  const copy = clone(root) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  node[path.at(-1)!] = value
  return copy
}

function deleteAt(root: unknown, path: Path): unknown {
  if (path.length === 0) return undefined
  const copy = clone(root) as Record<string | number, unknown>
  let node = copy
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>
  if (Array.isArray(node)) node.splice(Number(path.at(-1)), 1)
  else delete node[path.at(-1)!]
  return copy
}

/** Every string inside a value, however deep (bounded, for the nested ones). */
function stringsIn(value: unknown, into: Set<string> = new Set(), depth = 0): Set<string> {
  if (depth > 50) return into
  if (typeof value === 'string') into.add(value)
  else if (value && typeof value === 'object') {
    // An 'extra' mutant may set `__proto__` to a Map: such an object passes instanceof, yet is no Map.
    const isMap = value instanceof Map && Object.getPrototypeOf(value) === Map.prototype
    for (const [k, v] of isMap ? (value as Map<unknown, unknown>) : Object.entries(value)) {
      stringsIn(k, into, depth + 1)
      stringsIn(v, into, depth + 1)
    }
  }
  return into
}

/** What SQL text or a driver's parameter dump looks like. */
const sqlMarkers = [/failed query/i, /params:/i, /\$\d/, /\bselect\b[^]*\bfrom\b/i, /insert into/i, /update "/i, /delete from/i, /drop table/i, /truncate/i]

/** SQL markers in `text` once the strings the caller sent are taken out (a field may quote its own input). */
function sqlIn(text: string, sent: Set<string>): string[] {
  let rest = text
  for (const s of [...sent].sort((a, b) => b.length - a.length)) if (s.length > 1) rest = rest.split(s).join('')
  return sqlMarkers.filter((m) => m.test(rest)).map(String)
}

describe.each(engines)('API fuzz on %s', (engine) => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let consoleSpies: MockInstance[]
  const seeded = { agencyId: '', roleId: '', userId: '', userEmail: 'fuzz.secret.person@example.com' }
  const processErrors: unknown[] = []
  const onProcessError = (error: unknown) => processErrors.push(error)

  const checksum = async () => {
    const [row] = await queryRows(
      ctx.test.database.db,
      z.record(z.string(), z.string()),
      sql.raw(`select
        (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from users t) as users,
        (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from agencies t) as agencies,
        (select md5(coalesce(string_agg(t::text, '|' order by t.id), '')) from roles t) as roles,
        (select md5(coalesce(string_agg(t::text, '|' order by t.user_id, t.role_id), '')) from user_roles t) as user_roles`),
    )
    return JSON.stringify(row)
  }

  beforeAll(async () => {
    ctx = await openApi(engine)
    const agencies = await call(ctx.api, 'agencies.save', { inserts: [{ clientId: 'a', name: 'Fuzz Agency' }] })
    seeded.agencyId = agencies.inserted[0]!.id
    const roles = await call(ctx.api, 'roles.save', { inserts: [{ clientId: 'r', name: 'Fuzz Role' }] })
    seeded.roleId = roles.inserted[0]!.id
    const users = await call(ctx.api, 'users.save', {
      inserts: [{ clientId: 'u', name: 'Secret Person', email: seeded.userEmail, agencyId: seeded.agencyId, roleIds: [seeded.roleId] }],
    })
    seeded.userId = users.inserted[0]!.id
    process.on('uncaughtException', onProcessError)
    process.on('unhandledRejection', onProcessError)
    consoleSpies = (['error', 'warn', 'log', 'info', 'debug'] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => {}))
  })
  afterAll(async () => {
    vi.restoreAllMocks()
    process.off('uncaughtException', onProcessError)
    process.off('unhandledRejection', onProcessError)
    await ctx?.close()
  })

  /** A valid call of each method; saves carry a stale update, so a mutant that stays valid still rolls back. */
  const templates = (): Record<MethodName, unknown> => {
    const stale = '2000-01-01T00:00:00.000Z'
    const listOf = (sortColumn: string, filters: Record<string, unknown>) => ({
      sort: [{ column: sortColumn, direction: 'asc' }],
      filters,
      search: 'fuzz',
      limit: 10,
      offset: 0,
      supersede: 'fuzz',
    })
    return {
      'database.status': {},
      'database.migrate': {},
      'cache.status': {},
      'connections.list': {},
      'connections.current': {},
      'agencies.list': listOf('name', { name: 'f', deleted: 'include' }),
      'agencies.count': listOf('userCount', { name: 'f' }),
      'users.list': listOf('email', { name: 'f', email: 'e', agencyName: 'a', agencyId: seeded.agencyId, isActive: true, roleId: seeded.roleId, deleted: 'exclude' }),
      'users.count': listOf('createdAt', { agencyId: 'none', isActive: false }),
      'roles.list': listOf('description', { name: 'f', description: 'd' }),
      'roles.count': listOf('userCount', { description: 'd' }),
      'agencies.choices': { search: 'fuzz', limit: 10 },
      'roles.choices': { ids: [seeded.roleId], limit: 10 },
      'agencies.save': {
        inserts: [{ clientId: 'new', name: 'Fuzzed Agency' }],
        updates: [{ id: seeded.agencyId, updatedAt: stale, changes: { name: 'Renamed' } }],
        deletes: [{ id: '00000000-0000-4000-8000-000000000001' }],
        restores: [{ id: '00000000-0000-4000-8000-000000000002' }],
      },
      'users.save': {
        inserts: [{ clientId: 'new', name: 'Fuzzed Person', email: 'fuzzed@example.com', agencyId: seeded.agencyId, isActive: true, roleIds: [seeded.roleId] }],
        updates: [{ id: seeded.userId, updatedAt: stale, overwrite: false, changes: { name: 'Renamed', email: 'renamed@example.com', roleIds: [] } }],
        deletes: [{ id: '00000000-0000-4000-8000-000000000001' }],
        restores: [{ id: '00000000-0000-4000-8000-000000000002' }],
      },
      'roles.save': {
        inserts: [{ clientId: 'new', name: 'Fuzzed Role', description: 'made by the fuzzer' }],
        updates: [{ id: seeded.roleId, updatedAt: stale, changes: { name: 'Renamed', description: null } }],
        deletes: [{ id: '00000000-0000-4000-8000-000000000001' }],
      },
      'connections.save': { name: 'Fuzz connection', url: CLOSED_URL, password: 'pw', cache: { kind: 'none' } },
      'connections.remove': { id: '00000000-0000-4000-8000-000000000003' },
      'connections.test': { url: CLOSED_URL, password: 'pw' },
      // Port 1 on loopback: closed, so it is refused at once.
      'connections.sshHostKey': { host: '127.0.0.1', port: 1 },
      'connections.open': { id: '00000000-0000-4000-8000-000000000003' },
      // No file is open for import here: each refers to one that is not, and is refused as such.
      'imports.pickFile': {},
      'imports.discard': { fileId: '00000000-0000-4000-8000-000000000004' },
      'imports.preview': { fileId: '00000000-0000-4000-8000-000000000004', resource: 'users' },
      'imports.check': { fileId: '00000000-0000-4000-8000-000000000004', resource: 'users', mapping: ['name', null], mode: 'both', jobId: 'fuzz' },
      'imports.apply': { checkId: '00000000-0000-4000-8000-000000000005', jobId: 'fuzz' },
      'imports.progress': { jobId: 'fuzz' },
      'imports.cancel': { jobId: 'fuzz' },
      // Browser mode's exports: a start hands out a download link and writes nothing until it is fetched.
      'exports.start': { resource: 'users', query: listOf('email', { name: 'f', deleted: 'include' }), columns: ['Name', 'Email'], excelBom: true },
      'exports.progress': { id: 'fuzz' },
      'exports.cancel': { id: 'fuzz' },
    }
  }

  /** One bad input for `method`, drawn from the generator. */
  function mutant(method: MethodName, template: unknown, random: ReturnType<typeof generator>): unknown {
    const paths = pathsOf(template)
    const isList = template !== null && typeof template === 'object' && 'sort' in template
    const kind = random.pick(isList ? ['replace', 'replace', 'extra', 'drop', 'whole', 'list'] : ['replace', 'replace', 'extra', 'drop', 'whole'])
    switch (kind) {
      case 'whole':
        return random.pick(badValues)
      case 'replace':
        return setAt(template, random.pick(paths), random.pick(badValues))
      case 'drop': {
        const inner = paths.filter((p) => p.length > 0)
        return inner.length ? deleteAt(template, random.pick(inner)) : undefined
      }
      case 'extra': {
        const objects = paths.filter((p) => {
          const node = p.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], template)
          return node !== null && typeof node === 'object' && !Array.isArray(node)
        })
        const at = random.pick(objects)
        return setAt(template, [...at, random.pick(['password', 'sql', '__proto__', 'constructor', 'deletedAt', 'id'])], random.pick(badValues))
      }
      default: {
        const which = random.pick(['cursor', 'sort', 'filter', 'manySorts'])
        if (which === 'cursor') return setAt(setAt(template, ['offset'], 0), ['after'], random.pick(forgedCursors))
        if (which === 'sort') return setAt(template, ['sort', 0, 'column'], random.pick(['password', 'id; drop table users', 'users.email', '"name"', 'NAME']))
        if (which === 'filter') return setAt(template, ['filters', random.pick(['password', 'id', 'deletedAt', 'name; --', 'where'])], random.pick(badValues))
        return setAt(template, ['sort'], Array.from({ length: 5 }, () => ({ column: 'name', direction: 'asc' })))
      }
    }
  }

  /** Every place of a valid call spoiled in turn: each string with each nasty string, every value with wrong types. */
  function systematic(template: unknown): unknown[] {
    const spoiled = pathsOf(template).flatMap((path) => {
      const value = path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], template)
      const replacements = typeof value === 'string' ? nastyStrings : wrongTypes
      return replacements.map((bad) => setAt(template, path, bad))
    })
    const isList = template !== null && typeof template === 'object' && 'sort' in template
    if (!isList) return spoiled
    return [
      ...spoiled,
      ...forgedCursors.map((after) => setAt(template, ['after'], after)),
      ...['password', 'id; drop table users', 'users.email', '"name"', 'NAME'].map((column) => setAt(template, ['sort', 0, 'column'], column)),
      ...['password', 'id', 'deletedAt', 'name; --', 'where'].map((filter) => setAt(template, ['filters', filter], 'x')),
    ]
  }

  it('answers every bad call with a typed error, no SQL anywhere, nothing written', { timeout: 120_000 }, async () => {
    const random = generator(engine === 'postgres' ? 0x5eed : 0xfee1)
    const problems: string[] = []
    const writes = new Set<MethodName>(['agencies.save', 'users.save', 'roles.save', 'database.migrate'])
    let baseline = await checksum()
    let refusedWrites = 0

    for (const method of methodNames) {
      const template = templates()[method]
      const inputs = [...systematic(template), ...Array.from({ length: CASES_PER_METHOD }, () => mutant(method, template, random))]
      // A batch over the limit, every row of it the same row.
      if (writes.has(method) && method !== 'database.migrate') {
        inputs.push({ deletes: Array.from({ length: 10_001 }, () => ({ id: '00000000-0000-4000-8000-000000000001' })) })
      }
      for (const input of inputs) {
        let result: Result<unknown>
        try {
          result = await ctx.api.call(method, input)
        } catch (error) {
          problems.push(`${method} threw: ${String(error)}`)
          continue
        }
        const sent = stringsIn(input)
        if (!result.ok) {
          if (!errorCodes.includes(result.error.code)) problems.push(`${method}: unknown code ${result.error.code}`)
          if (result.error.code === 'internal') problems.push(`${method}: internal error for bad input: ${result.error.message.slice(0, 200)}`)
          const replyText = [...stringsIn(result.error)].join('\n')
          const leaks = sqlIn(replyText, sent)
          if (leaks.length) problems.push(`${method}: reply carries SQL (${leaks.join(' ')}): ${replyText.slice(0, 300)}`)
          if (replyText.includes(seeded.userEmail)) problems.push(`${method}: reply carries a stored email`)
        }
        if (writes.has(method)) {
          const now = await checksum()
          if (result.ok) baseline = now
          else {
            refusedWrites++
            if (now !== baseline) problems.push(`${method}: a refused call changed the tables: ${String(result.error.message).slice(0, 200)}`)
          }
        }
      }
    }

    const logged = consoleSpies.flatMap((spy) => spy.mock.calls.map((args) => args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : String(a))).join(' ')))
    for (const line of logged) {
      const leaks = sqlMarkers.filter((m) => m.test(line))
      if (leaks.length || line.includes(seeded.userEmail) || sqlPayloads.some((p) => line.includes(p))) problems.push(`log line carries SQL or values: ${line.slice(0, 300)}`)
    }
    expect(problems).toEqual([])
    expect(processErrors).toEqual([])
    expect(refusedWrites).toBeGreaterThan(50)
    // Still up and serving: the seeded rows are all there.
    const users = await call(ctx.api, 'users.list', {})
    expect(users.rows.map((r) => r.email)).toContain(seeded.userEmail)
  })
})
