/// <reference types="node" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { editText, expectRowsLoaded, gridOf, openScreen, rowOf, saveButton } from './gridPage'
import { inEveryLook, startE2e, type E2e } from './support'

const USERS = 60

describe('guards on destructive actions: a role’s holders counted before its delete, Discard undoable, an agency’s users shown (browser mode)', () => {
  let e2e: E2e
  /** Gives a role to the first `count` users (by name) that do not hold it yet. */
  const assignRole = (role: string, count: number) => e2e.db.sql`
    insert into user_roles (user_id, role_id)
    select u.id, r.id from users u cross join roles r
    where r.name = ${role} and not exists (select 1 from user_roles ur where ur.user_id = u.id and ur.role_id = r.id)
    order by u.name limit ${count}`

  beforeAll(async () => {
    e2e = await startE2e({ users: USERS })
    await assignRole('Viewer', 40)
    await assignRole('Editor', 12)
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('asks before deleting a role users hold, with their number counted now; Cancel keeps the role', async () => {
    const { page, errors } = await e2e.open()
    await openScreen(page, 'Roles')
    const grid = gridOf(page, 'Roles')
    await expectRowsLoaded(grid)
    // Assigned behind the screen's back after it loaded: the dialog counts again, the row may not.
    await assignRole('Viewer', 11)

    // The holders as the database keeps them counted (roles.list by id), not counted user by user
    // (users.count: seconds a role at millions of users).
    const methods: string[] = []
    page.on('request', (request) => methods.push(new URL(request.url()).pathname.replace('/api/', '')))
    await rowOf(grid, 'Viewer').getByRole('checkbox', { name: 'Select Viewer' }).check()
    await page.getByRole('button', { name: 'Delete 1 selected' }).click()
    const dialog = page.getByRole('alertdialog', { name: 'Delete Viewer?' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('Viewer is held by 51 users; their assignments go with it.')
    expect(methods.filter((method) => /^(roles|users)\.(list|count)$/.test(method))).toEqual(['roles.list'])
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => dialog.count()).toBe(0)
    expect(await page.getByRole('button', { name: 'No changes' }).count()).toBe(1)
    expect(await rowOf(grid, 'Viewer').getByLabel('staged deleted').count()).toBe(0)

    // Several roles: each one's holders, and the assignments that go in all.
    await rowOf(grid, 'Editor').getByRole('checkbox', { name: 'Select Editor' }).check()
    await page.getByRole('button', { name: 'Delete 2 selected' }).click()
    const both = page.getByRole('alertdialog', { name: 'Delete 2 roles?' })
    await both.waitFor()
    expect((await both.getByRole('listitem').allTextContents()).sort()).toEqual(['Editor: held by 12 users', 'Viewer: held by 51 users'])
    expect(await both.textContent()).toContain('63 assignments to users go with them.')
    await both.getByRole('button', { name: 'Delete 2 roles' }).click()
    await expect.poll(() => rowOf(grid, 'Viewer').getByLabel('staged deleted').count()).toBe(1)
    expect(await rowOf(grid, 'Editor').getByLabel('staged deleted').count()).toBe(1)

    // A role nobody holds goes without a question.
    await rowOf(grid, 'Administrator').getByRole('checkbox', { name: 'Select Administrator' }).check()
    await page.getByRole('button', { name: 'Delete 1 selected' }).click()
    await expect.poll(() => rowOf(grid, 'Administrator').getByLabel('staged deleted').count()).toBe(1)
    expect(await page.getByRole('alertdialog').count()).toBe(0)

    // Nothing was deleted: the deletes are staged until Save.
    const [viewer] = await e2e.db.sql<{ held: number }[]>`select count(*)::int as held from user_roles ur join roles r on r.id = ur.role_id where r.name = 'Viewer'`
    expect(viewer?.held).toBe(51)
    expect(errors).toEqual([])
  })

  it('Discard drops every staged change in one step that Undo brings back', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await expectRowsLoaded(grid)
    for (const n of ['00001', '00002', '00003', '00004', '00005']) await editText(page, grid, `User ${n}`, 'Name', `Edited ${n}`)
    await expect.poll(() => saveButton(page).textContent()).toBe('Save 5 changes')

    await page.getByRole('button', { name: 'Discard' }).click()
    const note = page.getByRole('status').filter({ hasText: 'Discarded 5 changes.' })
    await note.waitFor()
    expect(await page.getByRole('button', { name: 'No changes' }).count()).toBe(1)
    expect(await rowOf(grid, 'User 00001').count()).toBe(1)

    await note.getByRole('button', { name: 'Undo' }).click()
    await expect.poll(() => saveButton(page).textContent()).toBe('Save 5 changes')
    expect(await rowOf(grid, 'Edited 00003').count()).toBe(1)
    expect(await note.count()).toBe(0)
    expect(errors).toEqual([])
  })

  it('an agency that still has users is not deleted; Show users opens the users screen filtered to it', async () => {
    const [agency] = await e2e.db.sql<{ id: string; name: string; users: number }[]>`
      select a.id, a.name, count(u.id)::int as users from agencies a join users u on u.agency_id = a.id and u.deleted_at is null
      where a.name = 'Agency B' group by a.id`
    expect(agency?.users).toBeGreaterThan(1)
    const { page, errors } = await e2e.open()
    await openScreen(page, 'Agencies')
    const agencies = gridOf(page, 'Agencies')
    await rowOf(agencies, 'Agency B').getByRole('checkbox', { name: 'Select Agency B' }).check()
    await page.getByRole('button', { name: 'Delete 1 selected' }).click()
    await saveButton(page).click()
    const banner = page.getByRole('alert').filter({ hasText: 'Not saved.' })
    await banner.waitFor()
    expect(await banner.textContent()).toContain(`Agency B still has ${agency?.users} users.`)
    await e2e.screenshot(page, 'agency-delete-refused-show-users')

    await banner.getByRole('button', { name: 'Show users' }).click()
    // The refused delete is still staged: leaving asks first.
    await page.getByRole('alertdialog', { name: 'Discard unsaved changes?' }).getByRole('button', { name: 'Discard and leave' }).click()
    const users = gridOf(page, 'Users')
    await page.getByRole('group', { name: 'Filter Agency is Agency B' }).waitFor()
    await expect.poll(() => users.getAttribute('aria-rowcount')).toBe(String((agency?.users ?? 0) + 1))
    await expectRowsLoaded(users)
    const agencyColumn = await users.getByRole('columnheader', { name: 'Agency', exact: true }).getAttribute('aria-colindex')
    const shown = await users.locator(`[role="gridcell"][aria-colindex="${agencyColumn}"]`).allInnerTexts()
    expect(shown.length).toBeGreaterThan(0)
    expect(new Set(shown)).toEqual(new Set(['Agency B']))
    await e2e.screenshot(page, 'users-of-one-agency')

    // Removing the filter shows every user again.
    await page.getByRole('button', { name: 'Remove filter Agency is Agency B' }).click()
    await expect.poll(() => users.getAttribute('aria-rowcount')).toBe(String(USERS + 1))
    expect(errors).toEqual([])
  })

  it('screenshots: the delete confirmation, light and dark, wide and narrow', async () => {
    const { page, errors } = await e2e.open()
    await openScreen(page, 'Roles')
    const grid = gridOf(page, 'Roles')
    await rowOf(grid, 'Viewer').getByRole('checkbox', { name: 'Select Viewer' }).check()
    await rowOf(grid, 'Editor').getByRole('checkbox', { name: 'Select Editor' }).check()
    await inEveryLook(page, async (look) => {
      await page.getByRole('button', { name: 'Delete 2 selected' }).click()
      const dialog = page.getByRole('alertdialog', { name: 'Delete 2 roles?' })
      await dialog.waitFor()
      await e2e.screenshot(page, `role-delete-confirm-${look}`)
      await dialog.getByRole('button', { name: 'Cancel' }).click()
      await dialog.waitFor({ state: 'detached' })
    })
    expect(errors).toEqual([])
  })
})
