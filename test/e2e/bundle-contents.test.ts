/// <reference types="node" />
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, ROOT } from './support/build'

/** Every file under `folder`, as paths relative to the repository. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** The files of `folder` that contain `needle`, for a failure message that says where. */
const filesContaining = (folder: string, needle: string) =>
  filesUnder(join(ROOT, folder))
    .filter((file) => readFileSync(file, 'latin1').includes(needle))
    .map((file) => relative(ROOT, file))

// The same build the browser tests use (built once, only when out/ is older than the sources).
beforeAll(() => ensureBuilt(), 240_000)

describe('the built bundles', () => {
  // The renderer takes its rules from src/shared, which imports nothing of Drizzle or src/main.
  // Minified code keeps no module paths, so Drizzle is also told by its symbols and class names.
  it.each(['pg-core', 'gin_trgm_ops', 'drizzle-orm', 'drizzle:', 'PgColumn'])('the renderer holds no Drizzle code (%s)', (needle) => {
    expect(filesContaining('out/renderer', needle)).toEqual([])
  })

  // The sandboxed preload takes the method names only, none of the zod rules defined beside them
  // (electron.vite.config.ts tree-shakes src/shared for it), and can import nothing but electron.
  it('the preload holds no zod and imports electron alone', () => {
    expect(filesContaining('out/preload', 'zod')).toEqual([])
    const preload = readFileSync(join(ROOT, 'out/preload/index.mjs'), 'utf8')
    const imported = [...preload.matchAll(/^import\b[^'"]*['"]([^'"]+)['"]/gm)].map((match) => match[1])
    expect(imported).toEqual(['electron'])
  })
})
