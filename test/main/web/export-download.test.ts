import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApi } from '../../../src/main/api'
import { ExportJobs } from '../../../src/main/csv/export-jobs'
import { startWebServer, type WebServer } from '../../../src/main/web/server'
import type { ExportProgress, ExportStarted } from '../../../src/shared/schemas/exports'
import type { Result } from '../../../src/shared/result'
import { call, openApi } from '../../support/api'
import { connectionHandlersFor, temporaryDataDir } from '../../support/connections'

describe('browser mode: an export is a download the server streams', () => {
  let ctx: Awaited<ReturnType<typeof openApi>>
  let server: WebServer
  let data: ReturnType<typeof temporaryDataDir>
  let session: string

  const signIn = async (token: string) => {
    const response = await fetch(new URL('/session', server.url), { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    return ((await response.json()) as { session: string }).session
  }
  const api = async <T>(method: string, body: unknown, credential = session): Promise<Result<T>> => {
    const response = await fetch(new URL(`/api/${method}`, server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify(body),
    })
    return (await response.json()) as Result<T>
  }
  const started = async (body: unknown): Promise<Extract<ExportStarted, { started: true }>> => {
    const result = await api<ExportStarted>('exports.start', body)
    if (!result.ok || !result.data.started) throw new Error(`exports.start: ${JSON.stringify(result)}`)
    return result.data
  }

  beforeAll(async () => {
    ctx = await openApi('pglite')
    data = temporaryDataDir()
    const exports = new ExportJobs({ session: ctx.session })
    const dispatcher = createApi({ session: ctx.session, connections: connectionHandlersFor(ctx.session, data.dir).handlers, exports })
    server = await startWebServer({ dispatcher, rendererDir: data.dir, port: 0, exports })
    session = await signIn(server.token)
    await call(ctx.api, 'roles.save', { inserts: ['Zulu', 'Alpha, "A"', '=Formula'].map((name) => ({ clientId: name, name })) })
  })
  afterAll(async () => {
    await server?.close()
    await ctx?.close()
    data?.remove()
  })

  it('streams the view once as an attachment, then the link opens nothing', async () => {
    const { id, download, fileName } = await started({ resource: 'roles', query: { sort: [{ column: 'name', direction: 'desc' }] }, columns: ['Name'] })
    expect(download).toMatch(/^\/export\/[\w-]{43}$/)
    const response = await fetch(new URL(download!, server.url))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="${fileName}"; filename*=UTF-8''${fileName}`)
    expect(await response.text()).toBe(`Name\r\nZulu\r\n"Alpha, ""A"""\r\n'=Formula\r\n`)
    const progress = await api<ExportProgress>('exports.progress', { id })
    expect(progress).toMatchObject({ ok: true, data: { state: 'done', rowsWritten: 3, total: 3 } })

    const again = await fetch(new URL(download!, server.url))
    expect(again.status).toBe(404)
    expect(await again.json()).toEqual({ error: 'This download link was already used or has expired. Export again.' })
    expect((await fetch(new URL('/export/not-a-ticket', server.url))).status).toBe(404)
  })

  it('keeps one tab’s export from another tab, and a cancelled download opens nothing', async () => {
    const { id, download } = await started({ resource: 'roles', query: {} })
    const link = await fetch(new URL('/session/link', server.url), { method: 'POST', headers: { authorization: `Bearer ${session}` } })
    const { url } = (await link.json()) as { url: string }
    const otherTab = await signIn(new URL(url).hash.slice('#token='.length))
    expect(await api('exports.cancel', { id }, otherTab)).toMatchObject({ ok: false, error: { code: 'not_found' } })

    expect(await api('exports.cancel', { id })).toMatchObject({ ok: true, data: { state: 'cancelled', message: 'Export cancelled: nothing was downloaded.' } })
    expect((await fetch(new URL(download!, server.url))).status).toBe(404)
  })
})
