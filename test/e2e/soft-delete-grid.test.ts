/// <reference types="node" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chooseMore, expectCellText, gridOf, openScreen, rowOf, saveButton, saveChanges } from './gridPage'
import { startE2e, type E2e } from './support'

describe('adding, deleting and restoring rows (browser mode, real PostgreSQL)', () => {
  let e2e: E2e

  beforeAll(async () => {
    e2e = await startE2e({ users: 5 })
  })
  afterAll(async () => {
    await e2e?.close()
  })

  it('adds an agency and a user in it, refuses to delete the agency, soft-deletes and restores the user', async () => {
    const { page, errors } = await e2e.open()
    const { sql } = e2e.db

    await openScreen(page, 'Agencies')
    const agencies = gridOf(page, 'Agencies')
    await page.getByRole('button', { name: '+ Add agency' }).click()
    // The new row is at the top, its first field already being edited.
    await page.getByRole('textbox', { name: 'Name of New agency' }).fill('Zeta Logistics')
    await page.keyboard.press('Enter')
    await e2e.screenshot(page, 'agencies-new-row')
    await saveChanges(page, 1)
    expect(await sql`select name from agencies where name = 'Zeta Logistics' and deleted_at is null`).toHaveLength(1)

    await openScreen(page, 'Users')
    const users = gridOf(page, 'Users')
    await page.getByRole('button', { name: '+ Add user' }).click()
    await page.getByRole('textbox', { name: 'Name of New user' }).fill('Zed Doe')
    await page.keyboard.press('Tab')
    // Typing on the active cell starts editing it.
    await page.keyboard.type('zed@example.com')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.getByRole('combobox', { name: 'Search agencies' }).fill('Zeta')
    await page.getByRole('dialog', { name: 'Agency of Zed Doe' }).getByRole('option', { name: 'Zeta Logistics' }).click()
    await expectCellText(users, 'Zed Doe', 'Agency', 'Zeta Logistics')
    await e2e.screenshot(page, 'users-new-row')
    await saveChanges(page, 1)
    expect(await sql`select u.name from users u join agencies a on a.id = u.agency_id where a.name = 'Zeta Logistics'`).toEqual([{ name: 'Zed Doe' }])

    await openScreen(page, 'Agencies')
    await rowOf(agencies, 'Zeta Logistics').getByRole('checkbox', { name: 'Select Zeta Logistics' }).check()
    await page.getByRole('button', { name: 'Delete 1 selected' }).click()
    await saveButton(page).click()
    const refusal = page.getByRole('alert').filter({ hasText: 'Not saved.' })
    await expect.poll(() => refusal.textContent()).toContain('Zeta Logistics still has 1 user')
    await e2e.screenshot(page, 'agencies-delete-refused')
    expect(await sql`select 1 from agencies where name = 'Zeta Logistics' and deleted_at is null`).toHaveLength(1)
    await rowOf(agencies, 'Zeta Logistics').getByRole('button', { name: 'Revert Zeta Logistics' }).click()

    await openScreen(page, 'Users')
    await rowOf(users, 'Zed Doe').getByRole('checkbox', { name: 'Select Zed Doe' }).check()
    await page.getByRole('button', { name: 'Delete 1 selected' }).click()
    await saveChanges(page, 1)
    expect(await sql`select 1 from users where email = 'zed@example.com' and deleted_at is not null`).toHaveLength(1)
    await expect.poll(() => rowOf(users, 'Zed Doe').count()).toBe(0)

    await chooseMore(page, 'Show deleted')
    await rowOf(users, 'Zed Doe').getByRole('button', { name: 'Restore Zed Doe' }).click()
    await e2e.screenshot(page, 'users-restore-staged')
    await saveChanges(page, 1)
    expect(await sql`select 1 from users where email = 'zed@example.com' and deleted_at is null`).toHaveLength(1)
    expect(errors).toEqual([])
  })
})
