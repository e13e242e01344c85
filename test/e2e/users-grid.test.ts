/// <reference types="node" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cellOf, editText, expectCellText, gridOf, rowOf, saveButton, saveChanges } from './gridPage'
import { startE2e, type E2e } from './support'

describe('users grid: editing, validation, refused saves, undo (browser mode, real PostgreSQL)', () => {
  let e2e: E2e
  const userByEmail = async (email: string) => {
    const [row] = await e2e.db.sql<{ name: string; email: string; agency: string | null; roles: string[] }[]>`
      select u.name, u.email, a.name as agency,
             coalesce(array(select r.name from user_roles ur join roles r on r.id = ur.role_id where ur.user_id = u.id order by r.name), '{}') as roles
      from users u left join agencies a on a.id = u.agency_id where lower(u.email) = lower(${email})`
    return row
  }

  beforeAll(async () => {
    e2e = await startE2e({ users: 30 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('edits a user’s name and email and saves them in one batch', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await editText(page, grid, 'User 00001', 'Name', 'Ada Lovelace')
    await editText(page, grid, 'Ada Lovelace', 'Email', 'ada@example.com')
    // Staged, not written: the cells are marked and the database is untouched.
    expect(await (await cellOf(grid, 'Ada Lovelace', 'Email')).getAttribute('class')).toContain('cell-changed')
    expect(await userByEmail('user1@example.com')).toMatchObject({ name: 'User 00001' })
    await e2e.screenshot(page, 'users-staged-edit')

    await saveChanges(page, 1)
    expect(await userByEmail('ada@example.com')).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' })
    expect(await userByEmail('user1@example.com')).toBeUndefined()
    await e2e.screenshot(page, 'users-saved')
    expect(errors).toEqual([])
  })

  it('refuses an invalid email on the cell and writes nothing', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await (await cellOf(grid, 'User 00002', 'Email')).dblclick()
    const editor = page.getByRole('textbox', { name: 'Email of User 00002' })
    await editor.fill('not-an-email')
    await editor.press('Enter')
    await expect.poll(() => grid.getByRole('alert').textContent()).toBe('not-an-email is not a valid email address')
    expect(await editor.getAttribute('aria-invalid')).toBe('true')
    await e2e.screenshot(page, 'users-invalid-email')

    await editor.press('Escape')
    await expectCellText(grid, 'User 00002', 'Email', 'user2@example.com')
    expect(await page.getByRole('button', { name: 'No changes' }).isDisabled()).toBe(true)
    expect(await userByEmail('user2@example.com')).toMatchObject({ name: 'User 00002' })
    expect(errors).toEqual([])
  })

  it('shows a duplicate email on its cell, writes nothing, and keeps every staged edit', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await editText(page, grid, 'User 00003', 'Name', 'Grace Hopper')
    await editText(page, grid, 'Grace Hopper', 'Email', 'USER4@example.com')
    await saveButton(page).click()

    const banner = page.getByRole('alert').filter({ hasText: 'Not saved.' })
    await expect.poll(() => banner.textContent()).toContain('Email USER4@example.com is already used by User 00004')
    const emailCell = await cellOf(grid, 'Grace Hopper', 'Email')
    expect(await emailCell.getAttribute('aria-invalid')).toBe('true')
    expect(await emailCell.textContent()).toContain('already used by User 00004')
    await e2e.screenshot(page, 'users-duplicate-email')

    // Nothing written, everything still staged.
    expect(await userByEmail('user3@example.com')).toMatchObject({ name: 'User 00003' })
    await expectCellText(grid, 'Grace Hopper', 'Name', 'Grace Hopper')
    expect(await saveButton(page).textContent()).toBe('Save 1 change')

    await editText(page, grid, 'Grace Hopper', 'Email', 'grace@example.com')
    expect(await emailCell.getAttribute('aria-invalid')).toBeNull()
    await saveChanges(page, 1)
    expect(await userByEmail('grace@example.com')).toMatchObject({ name: 'Grace Hopper' })
    expect(errors).toEqual([])
  })

  it('assigns an agency through the picker and two roles through the multi-select', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    // The pickers and the roles column read names only: the agencies' and roles' pages count their
    // users, seconds at millions of users, and opening the users grid must not wait for that.
    const methods = new Set<string>()
    page.on('request', (request) => methods.add(new URL(request.url()).pathname.replace('/api/', '')))
    await (await cellOf(grid, 'User 00005', 'Agency')).click()
    await page.keyboard.press('Enter')
    await page.getByRole('combobox', { name: 'Search agencies' }).fill('Agency C')
    const agencyPicker = page.getByRole('dialog', { name: 'Agency of User 00005' })
    await agencyPicker.getByRole('option', { name: 'Agency C', exact: true }).click()
    await expectCellText(grid, 'User 00005', 'Agency', 'Agency C')

    await (await cellOf(grid, 'User 00005', 'Roles')).dblclick()
    const rolesPicker = page.getByRole('dialog', { name: 'Roles of User 00005' })
    await rolesPicker.getByRole('option', { name: 'Administrator' }).click()
    await rolesPicker.getByRole('option', { name: 'Viewer' }).click()
    await e2e.screenshot(page, 'users-roles-picker')
    await rolesPicker.getByRole('button', { name: 'Done' }).click()
    await saveChanges(page, 1)

    await page.reload()
    await expectCellText(grid, 'User 00005', 'Agency', 'Agency C')
    await expectCellText(grid, 'User 00005', 'Roles', /^Administrator\s+Viewer$/)
    expect(await userByEmail('user5@example.com')).toMatchObject({ agency: 'Agency C', roles: ['Administrator', 'Viewer'] })
    await e2e.screenshot(page, 'users-agency-and-roles-reloaded')
    expect(methods).toContain('agencies.choices')
    expect(methods).toContain('roles.choices')
    expect([...methods].filter((method) => /^(agencies|roles)\.(list|count)$/.test(method))).toEqual([])
    expect(errors).toEqual([])
  })

  it('discards every staged edit, and undoes and redoes one edit at a time', async () => {
    const { page, errors } = await e2e.open({ colorScheme: 'dark' })
    const grid = gridOf(page, 'Users')
    await editText(page, grid, 'User 00006', 'Name', 'Temporary')
    await page.getByRole('button', { name: 'Discard' }).click()
    await expectCellText(grid, 'User 00006', 'Name', 'User 00006')
    expect(await page.getByRole('button', { name: 'No changes' }).isDisabled()).toBe(true)

    await editText(page, grid, 'User 00007', 'Name', 'Seven')
    await editText(page, grid, 'Seven', 'Email', 'seven@example.com')
    await e2e.screenshot(page, 'users-staged-dark')
    await grid.press('Control+z')
    await expectCellText(grid, 'Seven', 'Email', 'user7@example.com')
    await expectCellText(grid, 'Seven', 'Name', 'Seven')
    await grid.press('Control+Shift+z')
    await expectCellText(grid, 'Seven', 'Email', 'seven@example.com')
    await page.getByRole('button', { name: 'Undo' }).click()
    await page.getByRole('button', { name: 'Undo' }).click()
    await expectCellText(grid, 'User 00007', 'Name', 'User 00007')
    expect(await page.getByRole('button', { name: 'No changes' }).isDisabled()).toBe(true)
    expect(await userByEmail('user7@example.com')).toMatchObject({ name: 'User 00007' })
    expect(errors).toEqual([])
  })

  it('reports a row changed behind the UI’s back, and overwrites it when asked', async () => {
    const { page, errors } = await e2e.open()
    const grid = gridOf(page, 'Users')
    await editText(page, grid, 'User 00008', 'Name', 'Eight')
    await e2e.db.sql`update users set name = 'Changed elsewhere', updated_at = now() + interval '1 second' where email = 'user8@example.com'`
    await saveButton(page).click()

    const banner = page.getByRole('alert').filter({ hasText: 'Changed by someone else.' })
    await expect.poll(() => banner.textContent()).toContain('was changed by someone else')
    expect(await userByEmail('user8@example.com')).toMatchObject({ name: 'Changed elsewhere' })
    expect(await rowOf(grid, 'Eight').count()).toBe(1)
    await e2e.screenshot(page, 'users-conflict')

    await banner.getByRole('button', { name: 'Overwrite' }).click()
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Saved 1 change.' }).count()).toBe(1)
    expect(await userByEmail('user8@example.com')).toMatchObject({ name: 'Eight' })
    expect(errors).toEqual([])
  })
})
