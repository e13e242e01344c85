/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSshServer, type SshServer } from '../support/ssh-server'
import { startTlsServer, type TlsServer } from '../support/tls-postgres'
import { startE2e, type E2e } from './support'

async function goToConnections(page: Page) {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Connection' }).click()
  await page.getByRole('heading', { name: 'Connections', level: 1 }).waitFor()
}

/** The connection dialog's Advanced group on real servers: a TLS PostgreSQL behind Debian's sshd. */
describe('connection dialog: Advanced (browser mode)', () => {
  let e2e: E2e
  let ssh: SshServer
  let tls: TlsServer

  beforeAll(async () => {
    ;[e2e, ssh, tls] = await Promise.all([startE2e(), startSshServer(), startTlsServer()])
  })
  afterAll(async () => {
    await e2e?.close()
    ssh?.stop()
    tls?.stop()
  })

  it('tunnels through SSH after the host key is trusted, verifies TLS with the pasted CA, and shows each stage', async () => {
    const { page, errors } = await e2e.open()
    await goToConnections(page)
    await page.getByRole('button', { name: 'Add connection' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add a connection' })
    await dialog.getByLabel('Name').fill('Bastion TLS')
    await dialog.getByLabel('PostgreSQL URL').fill(tls.url())

    await dialog.getByText('Advanced: certificates, SSH tunnel, read-only').click()
    await dialog.getByLabel('CA certificate', { exact: true }).fill(tls.certs.ca)
    await dialog.getByLabel('Connect through an SSH server').check()
    await dialog.getByLabel('SSH host', { exact: true }).fill('127.0.0.1')
    await dialog.getByLabel('SSH port', { exact: true }).fill(String(ssh.port))
    await dialog.getByLabel('SSH user', { exact: true }).fill(ssh.user)
    await dialog.getByLabel('SSH private key', { exact: true }).fill(ssh.privateKey)
    await dialog.getByText('Trusted host key').scrollIntoViewIfNeeded()
    await e2e.screenshot(page, 'connection-advanced-group')

    await dialog.getByRole('button', { name: 'Test' }).click()
    const prompt = dialog.getByRole('alertdialog', { name: 'Trust this SSH host key?' })
    await expect.poll(() => prompt.locator('.host-key-prompt__fingerprint').textContent()).toBe(ssh.fingerprint)
    await prompt.scrollIntoViewIfNeeded()
    await e2e.screenshot(page, 'connection-advanced-host-key')
    await prompt.getByRole('button', { name: 'Trust and test' }).click()

    // The outcome, whichever it is: a failure's message then shows in the assertion.
    await expect.poll(() => dialog.locator('.connection-outcome').last().textContent(), { timeout: 20_000 }).toMatch(/^Connected to PostgreSQL/)
    const connected = dialog.getByRole('status')
    const stages = await connected.getByRole('list', { name: 'Test stages' }).getByRole('listitem').allTextContents()
    expect(stages.map((stage) => stage.split(/\d+ ms/)[0])).toEqual(['SSH', 'TLS', 'Login', 'Schema'])
    expect(stages[1]).toMatch(/certificate of 127\.0\.0\.1 from Roster test ca \(verified\)$/)
    await connected.scrollIntoViewIfNeeded()
    await e2e.screenshot(page, 'connection-advanced-test-stages')

    await dialog.getByRole('button', { name: 'Save' }).click()
    await dialog.waitFor({ state: 'detached' })
    const onDisk = readFileSync(join(e2e.roster.dataDir, 'connections.json'), 'utf8')
    expect(onDisk).toContain(ssh.fingerprint)
    expect(onDisk).not.toContain('PRIVATE KEY')
    expect(errors).toEqual([])
  }, 90_000)

  it('opens a read-only connection with the grids read-only and a banner saying why', async () => {
    const saved = await fetch(new URL('/api/connections.save', e2e.roster.origin), {
      method: 'POST',
      headers: { authorization: `Bearer ${await e2e.roster.session()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Production (read-only)', url: e2e.db.url, readOnly: true }),
    })
    expect(await saved.json()).toMatchObject({ ok: true, data: { readOnly: true } })
    const { page, errors } = await e2e.open()
    await goToConnections(page)
    await page.getByRole('button', { name: 'Open Production (read-only)' }).click()
    // Once open, the app shows the Users screen.
    await expect.poll(() => page.getByRole('navigation', { name: 'Screens' }).locator('[aria-current="page"]').textContent(), { timeout: 30_000 }).toBe('Users')
    await page.getByRole('grid').waitFor()
    await expect.poll(() => page.locator('.banner').first().textContent()).toMatch(/^This connection is read-only: Roster saves nothing to it\./)
    await expect.poll(() => page.getByRole('note').filter({ hasText: 'Read-only' }).count()).toBe(1)
    expect(await page.getByRole('button', { name: /^Add/ }).count()).toBe(0)
    await e2e.screenshot(page, 'connection-read-only-grid')
    expect(errors).toEqual([])
  }, 90_000)
})
