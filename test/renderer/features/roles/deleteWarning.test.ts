import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RosterApi } from '../../../../src/shared/contract'
import { MAX_FILTER_IDS } from '../../../../src/shared/schemas/filters'
import { roleDeleteWarning } from '../../../../src/renderer/src/features/roles/deleteWarning'
import { call, openApi } from '../../../support/api'

describe('a role delete confirmation, over the API on PGlite', () => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  /** The renderer's API, each method called on the dispatcher as the preload bridge or HTTP would. */
  let api: RosterApi
  let roles: { id: string; name: string; userCount: number }[]

  beforeAll(async () => {
    ctx = await openApi('pglite')
    api = new Proxy({} as RosterApi, { get: (_, method: string) => (input: unknown) => ctx.api.call(method, input) })
    const names = Array.from({ length: MAX_FILTER_IDS + 20 }, (_, i) => `Role ${String(i).padStart(3, '0')}`)
    await call(ctx.api, 'roles.save', { inserts: names.map((name) => ({ clientId: name, name })) })
    await ctx.test.database.db.execute(sql`insert into users (email, name) select 'u' || g || '@example.com', 'User ' || g from generate_series(1, 5) g`)
    // Held after the list was read: the confirmation says what holds now.
    roles = (await call(ctx.api, 'roles.list', { limit: 1000 })).rows
    await ctx.test.database.db.execute(sql`insert into user_roles (user_id, role_id) select u.id, r.id from users u, roles r where r.name in ('Role 000', 'Role 110')`)
  })
  afterAll(() => ctx?.close())

  it('reads the holders of more roles than one filter names, as they are now', async () => {
    const warning = await roleDeleteWarning(api, roles)
    expect(warning?.summary).toBe('10 assignments to users go with them.')
    expect(warning?.lines.filter((line) => !line.endsWith('no users'))).toEqual(['Role 000: held by 5 users', 'Role 110: held by 5 users'])
    expect(warning?.lines).toHaveLength(MAX_FILTER_IDS + 20)
  })
})
