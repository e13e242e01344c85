import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { Transform, type Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { MAX_IMPORT_FILE_BYTES, type ImportFileInfo } from '../../shared/schemas/imports'
import { ApiFailure } from '../api-failure'

/** Files one caller may have open at once; a further one lets the oldest go. */
const FILES_PER_CALLER = 4

interface ImportFile extends ImportFileInfo {
  path: string
  owner: string
  /** An upload's copy, removed with the entry; a picked file is the user's own and is never touched. */
  temporary: boolean
}

const tooLarge = () => new ApiFailure('validation', `The file is larger than ${MAX_IMPORT_FILE_BYTES / (1024 * 1024)} MB, the most Roster imports. Split it into smaller files.`)

/**
 * The files chosen for import, by an id that is only good for the caller who chose it: a path
 * picked in the desktop app's open dialog, or a browser upload streamed to a temporary file.
 * Renderers name files by id only, never by path.
 */
export class ImportFiles {
  readonly #files = new Map<string, ImportFile>()
  #uploads: Promise<string> | null = null

  /** A file the admin picked in the desktop app's open dialog. */
  async register(path: string, owner: string): Promise<ImportFileInfo> {
    const { size } = await stat(path)
    return this.#add({ fileId: randomUUID(), name: basename(path), size, path, owner, temporary: false })
  }

  /** A new path in Roster's own temporary folder (removed on close), for an upload or a checked file's rows. */
  async scratchPath(): Promise<string> {
    this.#uploads ??= mkdtemp(join(tmpdir(), 'roster-imports-'))
    return join(await this.#uploads, randomUUID())
  }

  /** An upload, streamed to a temporary file; more than the import limit is refused as it arrives. */
  async receive(body: Readable, name: string, owner: string): Promise<ImportFileInfo> {
    const fileId = randomUUID()
    const path = await this.scratchPath()
    let size = 0
    const limit = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length
        done(size > MAX_IMPORT_FILE_BYTES ? tooLarge() : null, chunk)
      },
    })
    try {
      await pipeline(body, limit, createWriteStream(path))
    } catch (error) {
      await rm(path, { force: true })
      throw error
    }
    return this.#add({ fileId, name: basename(name).slice(0, 255) || 'upload.csv', size, path, owner, temporary: true })
  }

  /** The file behind an id, for the caller who chose it (another caller's id is unknown to them). */
  get(fileId: string, owner: string): ImportFile {
    const file = this.#files.get(fileId)
    if (!file || file.owner !== owner) throw new ApiFailure('not_found', 'That file is no longer open for import: choose it again.')
    return file
  }

  async discard(fileId: string, owner: string): Promise<void> {
    const file = this.#files.get(fileId)
    if (!file || file.owner !== owner) return
    this.#files.delete(fileId)
    if (file.temporary) await rm(file.path, { force: true })
  }

  async close(): Promise<void> {
    this.#files.clear()
    if (this.#uploads) await rm(await this.#uploads, { recursive: true, force: true })
  }

  async #add(file: ImportFile): Promise<ImportFileInfo> {
    const mine = [...this.#files.values()].filter((f) => f.owner === file.owner)
    for (const old of mine.slice(0, Math.max(0, mine.length - FILES_PER_CALLER + 1))) await this.discard(old.fileId, old.owner)
    this.#files.set(file.fileId, file)
    return { fileId: file.fileId, name: file.name, size: file.size }
  }
}
