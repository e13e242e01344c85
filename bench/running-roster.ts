/**
 * A bench's view of Roster running as the app runs (the built main process in browser mode,
 * out/main/web.js, in a process of its own): its API called over HTTP as the page calls it, and
 * its memory read from /proc, so the figures printed are the app's own.
 */
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { request, type IncomingMessage } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { Result } from '../src/shared/result'
import type { RunningRoster } from '../test/e2e/support/roster'

/** A figure of /proc/<pid>/status, in kB: VmRSS (resident now) or VmHWM (the most it has been). */
export async function memoryOf(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
}

/** Calls `method` as the page does (POST /api/<method>, signed in); a refusal ends the bench with its message. */
export function apiOf(roster: RunningRoster): <T>(method: string, input: unknown) => Promise<T> {
  return async <T>(method: string, input: unknown) => {
    const response = await fetch(new URL(`/api/${method}`, roster.origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await roster.session()}` },
      body: JSON.stringify(input),
    })
    const result = (await response.json()) as Result<T>
    if (!result.ok) throw new Error(`${method}: ${result.error.message} ${JSON.stringify(result.error.fieldErrors?.slice(0, 3) ?? [])}`)
    return result.data
  }
}

/** Uploads a file for import as the page does (POST /upload/import, streamed); its file id. */
export async function uploadForImport(roster: RunningRoster, path: string): Promise<string> {
  const url = new URL(`/upload/import?name=${encodeURIComponent(basename(path))}`, roster.origin)
  const headers = { authorization: `Bearer ${await roster.session()}`, 'content-length': (await stat(path)).size }
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    const sending = request(url, { method: 'POST', headers }, resolve).once('error', reject)
    pipeline(createReadStream(path), sending).catch(reject)
  })
  const chunks: Buffer[] = []
  for await (const chunk of response) chunks.push(chunk as Buffer)
  const result = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Result<{ fileId: string }>
  if (!result.ok) throw new Error(`the upload failed: ${result.error.message}`)
  return result.data.fileId
}
