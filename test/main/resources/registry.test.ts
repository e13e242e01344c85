import { getTableColumns } from 'drizzle-orm'
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { Disagreement } from '../../../src/main/resources/agreement'
import { serveResource, servedByName, servedResource, servedResources } from '../../../src/main/resources'
import { agencies } from '../../../src/main/db/schema/agencies'
import { roles } from '../../../src/main/db/schema/roles'
import { users } from '../../../src/main/db/schema/users'
import { countRoles, listRoles, saveRoles } from '../../../src/main/services/roles'
import { methodNames, pickedResources, resourceNames, resources } from '../../../src/shared/contract'
import type { Resources } from '../../../src/shared/schemas/resources'

type Agreeing = { rowColumns: never; fieldColumns: never; insertColumns: never }

// The rules in src/shared are written with zod alone; these checks run in `npm run typecheck`.
describe('the shared rules agree with the Drizzle tables', () => {
  it('column by column, type by type', () => {
    expectTypeOf<Disagreement<typeof users, Resources['users']>>().toEqualTypeOf<Agreeing>()
    expectTypeOf<Disagreement<typeof agencies, Resources['agencies']>>().toEqualTypeOf<Agreeing>()
    expectTypeOf<Disagreement<typeof roles, Resources['roles']>>().toEqualTypeOf<Agreeing>()
  })

  it('a table changed without its rules does not compile', () => {
    // roles as it would be after a migration the rules missed: a new required column, a retyped one.
    const grownRoles = pgTable('roles', {
      id: uuid('id').defaultRandom().primaryKey(),
      name: text('name').notNull(),
      description: text('description').notNull(),
      code: text('code').notNull(),
      createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
      updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    })
    expectTypeOf<Disagreement<typeof grownRoles, Resources['roles']>>().toEqualTypeOf<{
      rowColumns: 'code' | 'description'
      fieldColumns: 'description'
      insertColumns: 'code' | 'description'
    }>()
    // @ts-expect-error the registry refuses the table: its rules lack `code` and let `description` be null
    const entry = serveResource('roles', grownRoles, { list: listRoles, count: countRoles, save: saveRoles })
    expect(entry.definition).toBe(resources.roles)
  })

  it('every column of every table is in its rows', () => {
    for (const name of resourceNames) {
      const { table, definition } = servedResource(name)
      expect(Object.keys(definition.row.shape)).toEqual(expect.arrayContaining(Object.keys(getTableColumns(table))))
    }
  })
})

describe('the API derived from the resources', () => {
  it('gives every resource its list, count and save, and serves each', () => {
    expect([...servedResources.keys()]).toEqual([...resourceNames])
    for (const name of resourceNames) {
      expect(methodNames).toEqual(expect.arrayContaining([`${name}.list`, `${name}.count`, `${name}.save`]))
      expect(servedResource(name).definition.name).toBe(name)
    }
    expect(methodNames.filter((m) => resourceNames.some((name) => m.startsWith(`${name}.`)))).toHaveLength(3 * resourceNames.length + pickedResources.length)
  })

  it('gives each picked resource its choices, read from a table that names its rows', () => {
    expect(methodNames.filter((m) => m.endsWith('.choices'))).toEqual(['agencies.choices', 'roles.choices'])
    for (const name of pickedResources) expect(Object.keys(getTableColumns(servedResource(name).table))).toEqual(expect.arrayContaining(['id', 'name']))
  })

  it('finds each service module that serves a resource, and refuses a resource served twice or by none', () => {
    const modules = Object.fromEntries(resourceNames.map((name) => [`../services/${name}.ts`, { served: servedResource(name) }]))
    const paging = { '../services/list-pages.ts': {} }
    expect([...servedByName({ ...paging, ...modules }).keys()]).toEqual([...resourceNames])
    const { ['../services/roles.ts']: _roles, ...withoutRoles } = modules
    expect(() => servedByName(withoutRoles)).toThrow(/No service serves roles/)
    expect(() => servedByName({ ...modules, '../services/roles-again.ts': { served: servedResource('roles') } })).toThrow(/roles resource is served twice/)
  })

  it('every resource a definition shows is one of the resources', () => {
    for (const name of resourceNames) expect(resourceNames).toEqual(expect.arrayContaining([...resources[name].shows]))
  })
})
