import { drizzle } from 'drizzle-orm/postgres-js'
import { sql } from 'drizzle-orm'
import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { queryRows, type RosterDb } from '../../../src/main/db/client'
import { caseVariants, sortsBytewise, stretchesFrom } from '../../../src/main/services/prefix-stretches'
import { listUsers } from '../../../src/main/services/users'
import { userListQuery } from '../../../src/shared/schemas/users'
import { bulkFill } from '../../support/bulk-fill'
import { engines, seededDatabaseFor } from '../../support/databases'
import { explainableDatabaseFor, explainLastPage, rowsRead, statistic, vacuumAllVisible } from '../../support/explain-page'

describe('the case variants of a text’s start', () => {
  it('spells every way ILIKE takes a start, cut where they would pass 16', () => {
    expect(caseVariants('Ann').sort()).toEqual(['ANN', 'ANn', 'AnN', 'Ann', 'aNN', 'aNn', 'anN', 'ann'])
    // i and k are also the lowercase of İ (U+0130) and of the Kelvin sign (U+212A): 3 × 3, and m would make 18.
    expect(caseVariants('Kim').sort()).toEqual(['KI', 'Ki', 'K\u0130', 'kI', 'ki', 'k\u0130', '\u212aI', '\u212ai', '\u212a\u0130'].sort())
    expect(caseVariants('1 a')).toEqual(['1 A', '1 a'])
    expect(caseVariants('Ünal')).toEqual([])
    expect(caseVariants('')).toEqual([])
    // The start ends at the first character outside printable ASCII.
    expect(caseVariants('Jö').sort()).toEqual(['J', 'j'])
  })

  it('tells which stretches a walk from a value has passed, which lie ahead, and which one holds the value', () => {
    const stretches = ['ANN', 'Ann', 'ann', '\u212aim'].map((from) => ({ from, to: from.slice(0, -1) + String.fromCharCode(from.charCodeAt(from.length - 1) + 1) }))
    expect(stretchesFrom(stretches, 'Ann Lee', 'asc')).toEqual(['passed', 'within', 'ahead', 'ahead'])
    expect(stretchesFrom(stretches, 'Ann Lee', 'desc')).toEqual(['ahead', 'within', 'passed', 'passed'])
    // Between stretches, and at a stretch's first value; the Kelvin sign's UTF-8 bytes after every ASCII letter.
    expect(stretchesFrom(stretches, 'Bob', 'asc')).toEqual(['passed', 'passed', 'ahead', 'ahead'])
    expect(stretchesFrom(stretches, 'ann', 'asc')).toEqual(['passed', 'passed', 'within', 'ahead'])
    expect(stretchesFrom(stretches, 'zed', 'desc')).toEqual(['ahead', 'ahead', 'ahead', 'passed'])
  })
})

/**
 * Users whose names start with Ann in four spellings (3,300), and 30,000 others around them in
 * bytewise order: "Aiden" between ANNA and Ann, "Zoe" between Ann and ann. Names starting with Kim
 * as ILIKE takes them, the Kelvin sign's and İ's among them, and "Kira" in the same stretches.
 */
async function seed(run: (text: string) => Promise<readonly unknown[]>) {
  await bulkFill(run, 'users', () =>
    run(`
      insert into users (email, name, is_active)
      select 'u' || g || '@example.com',
             case when g <= 15000 then 'Aiden ' when g <= 30000 then 'Zoe ' when g <= 33000 then 'Ann '
                  when g <= 33100 then 'ann ' when g <= 33200 then 'ANNA ' when g <= 33300 then 'AnN '
                  when g <= 35300 then 'Kim ' when g <= 35350 then 'kim ' when g <= 35353 then U&'\\212Aim '
                  when g <= 35356 then U&'K\\0130M ' else 'Kira ' end || lpad(g::text, 6, '0'),
             g % 3 <> 0
      from generate_series(1, 35556) g`),
  )
  await run('analyze')
}

/** The view as one ORDER BY: what every way of reading it must agree with. */
const expectedIds = (db: RosterDb, start: string, direction: 'asc' | 'desc', offset: number, limit: number) =>
  queryRows(
    db,
    z.object({ id: z.string() }),
    sql`select id from users where name ilike ${`${start}%`} and deleted_at is null
        order by name ${sql.raw(direction)}, id ${sql.raw(direction)} offset ${offset} limit ${limit}`,
  ).then((rows) => rows.map((r) => r.id))

const byName = (start: string, direction: 'asc' | 'desc'): z.output<typeof userListQuery> =>
  userListQuery.parse({ sort: [{ column: 'name', direction }], filters: { name: { op: 'startsWith', value: start } }, limit: 100 })

describe.each(engines)('names starting with a text, sorted by name, on %s', (engine) => {
  const seeded = seededDatabaseFor(engine, (db) => seed((text) => queryRows(db, z.unknown(), sql.raw(text))))

  it('sorts bytewise here (C.UTF-8 on the test server, C in PGlite)', async () => {
    expect(await sortsBytewise(seeded(), 'users', 'name')).toBe(true)
  })

  it('gives the pages of one ORDER BY from the start, at an offset, from the end and by cursor, both ways', async () => {
    const db = seeded()
    for (const direction of ['asc', 'desc'] as const) {
      const input = byName('Ann', direction)
      const first = await listUsers(db, input)
      expect(first.rows.map((r) => r.id), direction).toEqual(await expectedIds(db, 'Ann', direction, 0, 100))
      expect(first).toMatchObject({ total: 3_300, totalExact: true })
      const offset = await listUsers(db, { ...input, offset: 1_700 })
      expect(offset.rows.map((r) => r.id), `${direction} offset`).toEqual(await expectedIds(db, 'Ann', direction, 1_700, 100))
      const last = await listUsers(db, { ...input, offset: 3_250 })
      expect(last.rows.map((r) => r.id), `${direction} last`).toEqual(await expectedIds(db, 'Ann', direction, 3_250, 50))
      const paged: string[] = []
      let cursor: string | null = null
      do {
        const page = await listUsers(db, { ...input, limit: 500, after: cursor })
        paged.push(...page.rows.map((r) => r.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(paged, `${direction} by cursor`).toEqual(await expectedIds(db, 'Ann', direction, 0, 4_000))
    }
  })

  it('keeps every spelling ILIKE matches, the Kelvin sign’s and İ’s too, and what other filters refuse out', async () => {
    const db = seeded()
    const page = await listUsers(db, byName('kim', 'desc'))
    expect(page.rows.map((r) => r.id)).toEqual(await expectedIds(db, 'kim', 'desc', 0, 100))
    expect(page.rows.map((r) => r.name.slice(0, 3))).toEqual(expect.arrayContaining(['\u212aim', 'K\u0130M', 'kim', 'Kim']))
    const inactive = await listUsers(db, userListQuery.parse({ ...byName('Ann', 'asc'), filters: { name: { op: 'startsWith', value: 'Ann' }, isActive: false } }))
    const [expected] = await queryRows(
      db,
      z.object({ ids: z.array(z.string()) }),
      sql`select array_agg(id) as ids from (select id from users where name ilike 'Ann%' and not is_active and deleted_at is null order by name, id limit 100) p`,
    )
    expect(inactive.rows.map((r) => r.id)).toEqual(expected!.ids)
  })
})

describe('names starting with a text on postgres, explained', () => {
  const explained = explainableDatabaseFor((client) => seed((text) => client.unsafe(text)))

  it('reads a page from the stretches of the name index its spellings start, merged: no walk past the 15,000 Aidens or the Zoes, no sort of the 3,300 matches', async () => {
    const db = drizzle(explained())
    for (const direction of ['asc', 'desc'] as const) {
      const page = await listUsers(db, byName('Ann', direction))
      expect(page.rows).toHaveLength(100)
      const starts = caseVariants('Ann')
      // The statement's values: per stretch its bounds and its rows (every row of them starts with Ann: not tested again).
      const values = starts.flatMap((start) => [start, start.slice(0, -1) + String.fromCharCode(start.charCodeAt(start.length - 1) + 1), 100])
      const nodes = await explainLastPage(explained(), values)
      expect(nodes.some((n) => n['Node Type'] === 'Merge Append'), direction).toBe(true)
      expect(nodes.filter((n) => n['Node Type'] === 'Sort').every((n) => n['Actual Rows'] <= 100), direction).toBe(true)
      // A page from each of the four spellings present (ANNA's stretch is ANN's), a row past it, and nothing else.
      expect(rowsRead(nodes, 'users'), direction).toBeLessThanOrEqual(4 * 101)
    }
  })

  /**
   * Blocks of users_name_idx read so far (the server's statistics, flushed first): a scan that
   * passes entries its conditions refuse reads their blocks, though it returns none of them.
   */
  const nameIndexBlocks = () =>
    statistic(explained(), (sql) => sql<{ n: string }[]>`select idx_blks_hit + idx_blks_read as n from pg_statio_user_indexes where indexrelname = 'users_name_idx'`)

  it('reads on from a cursor in the stretches still ahead of it, each from its own start: not from the cursor on past the 15,000 Zoes', async () => {
    const db = drizzle(explained())
    // 250 rows in: ANNA's 100, AnN's 100, then into Ann's 3,000.
    const first = await listUsers(db, { ...byName('Ann', 'asc'), limit: 250 })
    expect(first.rows.at(-1)!.name.startsWith('Ann ')).toBe(true)
    const before = await nameIndexBlocks()
    const next = await listUsers(db, { ...byName('Ann', 'asc'), after: first.nextCursor })
    const read = (await nameIndexBlocks()) - before
    const [expected] = await explained()<{ ids: string[] }[]>`select array_agg(id) as ids from (select id from users
      where name ilike 'Ann%' and deleted_at is null order by name, id offset 250 limit 100) p`
    expect(next.rows.map((r) => r.id)).toEqual(expected!.ids)
    // A descent of the index per stretch still ahead, a leaf or two more for Ann's page, and what
    // planning looks up at the ends of the index: 40 here. Each of the stretches ahead, read from
    // the cursor on, would pass the leaves of the Zoes and the rest: 549.
    expect(read).toBeLessThanOrEqual(150)
  })

  it('counts the matches of a start in the stretches of the name index, from its entries: no row of the table read for the total', async () => {
    const db = drizzle(explained())
    // The visibility map says which table pages hold only rows every transaction sees (autovacuum keeps it).
    await vacuumAllVisible(explained())
    const rowsOfUsersRead = () =>
      statistic(explained(), (sql) => sql<{ n: string }[]>`select seq_tup_read + coalesce(idx_tup_fetch, 0) as n from pg_stat_user_tables where relname = 'users'`)
    const before = await rowsOfUsersRead()
    const page = await listUsers(db, byName('Ann', 'asc'))
    const read = (await rowsOfUsersRead()) - before
    expect(page).toMatchObject({ total: 3_300, totalExact: true })
    // The page's rows from its four stretches, a row past each; counted through the trigram index
    // (or the table), the 3,300 matches were read again for the total.
    expect(read).toBeLessThanOrEqual(4 * 101)
  })

  it('does not take a linguistic collation to sort bytewise', async () => {
    const db = drizzle(explained())
    await explained()`create table collated (icu text collate "en-x-icu", c text collate "C", posix text collate "POSIX")`
    expect(await sortsBytewise(db, 'collated', 'icu')).toBe(false)
    expect(await sortsBytewise(db, 'collated', 'c')).toBe(true)
    expect(await sortsBytewise(db, 'collated', 'posix')).toBe(true)
  })
})

describe('names starting with a text in a database of the C character type', () => {
  // There lower() folds ASCII alone: İnga does not start with "ing" to ILIKE, though its stretch is read.
  const explained = explainableDatabaseFor(async (client) => {
    await client`insert into users (email, name) select 'u' || g || '@example.com', 'Inga ' || lpad(g::text, 4, '0') from generate_series(1, 600) g`
    await client`insert into users (email, name) values ('dotted@example.com', ${'\u0130nga Dotted'}), ('kelvin@example.com', ${'\u212aim Kelvin'})`
    await client`analyze`
  }, `template template0 lc_collate 'C' lc_ctype 'C'`)

  it('keeps out the rows only a Unicode-aware lowercase would match', async () => {
    const db = drizzle(explained())
    expect(await sortsBytewise(db, 'users', 'name')).toBe(true)
    // "ing" is spelled out whole (12 spellings, İ among them).
    const page = await listUsers(db, byName('ing', 'desc'))
    expect(page.rows.map((r) => r.id)).toEqual(await expectedIds(db, 'ing', 'desc', 0, 100))
    expect(page.rows.map((r) => r.name)).not.toContain('\u0130nga Dotted')
    expect(page.total).toBe(600)
  })
})
