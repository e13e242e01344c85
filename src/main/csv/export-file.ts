import { randomBytes } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { Writable } from 'node:stream'

/**
 * Writes an export into a new temporary file beside `path`, renamed onto `path` once complete, so
 * `path` only ever holds a whole export (or what it held before). A failed or cancelled export
 * removes the temporary file and rethrows: nothing partial is left behind.
 */
export async function writeExportFile<T>(path: string, write: (sink: Writable) => Promise<T>): Promise<T> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`)
  // `wx`: never follows or truncates something already there.
  const sink = createWriteStream(temporary, { flags: 'wx' })
  try {
    const result = await write(sink)
    await rename(temporary, path)
    return result
  } catch (error) {
    // Stopped before its file is open, the stream still creates it: removed once the stream is closed.
    sink.destroy()
    if (!sink.closed) await new Promise<void>((resolve) => sink.once('close', () => resolve()))
    await rm(temporary, { force: true })
    throw error
  }
}
