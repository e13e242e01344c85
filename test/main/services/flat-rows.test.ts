import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { agencies } from '../../../src/main/db/schema/agencies'
import { users } from '../../../src/main/db/schema/users'
import { mapRowsOnce } from '../../../src/main/services/flat-rows'
import { engines, openMigrated, type TestDatabase } from '../../support/databases'

/** What mapRowsOnce gave the prepared select, if anything. */
const mapperOf = (prepared: object) => (prepared as { customResultMapper?: unknown }).customResultMapper

describe.each(engines)('rows mapped once per statement on %s', (engine) => {
  let opened: TestDatabase

  beforeAll(async () => {
    opened = await openMigrated(engine)
    const db = opened.database.db
    const [agency] = await db.insert(agencies).values({ name: 'Harbour' }).returning()
    await db.insert(users).values([
      { email: 'ann@example.com', name: 'Ann', agencyId: agency!.id },
      { email: 'bob@example.com', name: 'Bob', agencyId: null, isActive: false },
    ])
    await db.update(users).set({ deletedAt: new Date('2026-01-02T03:04:05.678Z') }).where(eq(users.email, 'bob@example.com'))
  }, 60_000)
  afterAll(() => opened?.cleanup())

  /** Columns with and without a mapping of their own (timestamps as Dates), SQL with and without `mapWith`, nulls of each. */
  const select = () =>
    opened.database.db
      .select({
        id: users.id,
        email: users.email,
        isActive: users.isActive,
        agencyName: agencies.name,
        createdAt: users.createdAt,
        deletedAt: users.deletedAt,
        nameLength: sql<number>`length(${users.name})`.mapWith(Number),
        upper: sql<string>`upper(${users.name})`,
        nothing: sql<string | null>`null`,
      })
      .from(users)
      .leftJoin(agencies, eq(users.agencyId, agencies.id))
      .orderBy(users.email)

  it('gives the rows Drizzle’s own mapping gives, decoded alike', async () => {
    const prepared = mapRowsOnce(select().prepare('flat_rows_test'))
    expect(mapperOf(prepared)).toBeTypeOf('function')
    const mapped = await prepared.execute()
    expect(mapped).toEqual(await select().prepare('flat_rows_drizzle').execute())
    expect(mapped[0]).toMatchObject({ email: 'ann@example.com', agencyName: 'Harbour', nameLength: 3, upper: 'ANN', deletedAt: null, nothing: null })
    expect(mapped[0]!.createdAt).toBeInstanceOf(Date)
    expect(mapped[1]).toMatchObject({ agencyName: null, isActive: false, deletedAt: new Date('2026-01-02T03:04:05.678Z') })
  })

  it('leaves a nested selection to Drizzle, which nulls a joined table that matched nothing', async () => {
    const nested = opened.database.db
      .select({ email: users.email, agency: { id: agencies.id, name: agencies.name } })
      .from(users)
      .leftJoin(agencies, eq(users.agencyId, agencies.id))
      .orderBy(users.email)
      .prepare('flat_rows_nested')
    expect(mapperOf(mapRowsOnce(nested))).toBeUndefined()
    expect((await nested.execute())[1]).toEqual({ email: 'bob@example.com', agency: null })
  })
})
