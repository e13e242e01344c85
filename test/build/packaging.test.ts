import { readdirSync, readFileSync, statSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import * as fileMatcher from 'app-builder-lib/out/fileMatcher'
import type { Configuration } from 'app-builder-lib/out/configuration'
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config'
import { DebugLogger } from 'builder-util'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseDocument } from 'yaml'
import { PNG_SIZES, renderPng } from '../../scripts/icon-set'
import { ensureBuilt, ROOT } from '../e2e/support/build'

// What `npm run dist` would pack, decided by electron-builder's own code (its configuration loader
// and validator, and the file matchers its packager builds) over a real `npm run build` output.
// Building the installers needs the Electron binary, so it is left to the workflows.

type Filter = (file: string, stat: ReturnType<typeof statSync>) => boolean
// getMainFileMatchers is how electron-builder's packager turns `files` into the app's filter (its
// own patterns plus the default exclusions); it is marked internal, so its .d.ts leaves it out.
const { getMainFileMatchers } = fileMatcher as unknown as {
  getMainFileMatchers(
    appDir: string,
    destination: string,
    macroExpander: (pattern: string) => string,
    platformSpecificBuildOptions: object,
    platformPackager: { info: { projectDir: string; buildResourcesDir: string; config: Configuration; isPrepackedAppAsar: boolean; debugLogger: DebugLogger } },
    outDir: string,
    isElectronCompile: boolean,
  ): fileMatcher.FileMatcher[]
}

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  main: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

/** Whether the filter takes `file`, and every folder the packager walks through to reach it. */
function takes(filter: Filter, file: string): boolean {
  const folders: string[] = []
  for (let folder = dirname(file); folder.startsWith(ROOT + sep); folder = dirname(folder)) folders.push(folder)
  return [...folders, file].every((path) => filter(path, statSync(path)))
}

/** The package names a built module imports at run time (bundled code imports only what is external). */
function bareImports(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["']([^"'./][^"']*)["']/g)].map((m) => m[1]!)
  return specifiers.filter((s) => !isBuiltin(s)).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!))
}

/** The files a module locates beside itself: `new URL("<relative>", import.meta.url)` and `join(import.meta.dirname, "<relative>")`. */
function filesBesideModule(file: string, source: string): string[] {
  const relativePaths = [
    ...source.matchAll(/new URL\(\s*"([^"]+)"\s*,\s*import\.meta\.url\s*\)/g),
    ...source.matchAll(/join\(\s*import\.meta\.dirname\s*,\s*"([^"]+)"\s*\)/g),
  ].map((m) => m[1]!)
  return relativePaths.filter((path) => !/^[a-z][a-z+.-]*:/i.test(path) && !path.startsWith('/')).map((path) => resolve(dirname(file), path))
}

describe('packaging with electron-builder', () => {
  let config: Configuration
  let appFilter: Filter
  let unpackFilter: Filter

  beforeAll(async () => {
    ensureBuilt()
    config = await getConfig(ROOT, null, null)
    const options = { macroExpander: (pattern: string) => pattern, customBuildOptions: {}, globalOutDir: join(ROOT, 'dist'), defaultSrc: ROOT }
    const info = { projectDir: ROOT, buildResourcesDir: resolve(ROOT, config.directories!.buildResources!), config, isPrepackedAppAsar: false, debugLogger: new DebugLogger(false) }
    appFilter = getMainFileMatchers(ROOT, join(ROOT, 'dist/app'), options.macroExpander, {}, { info }, resolve(ROOT, config.directories!.output!), false)[0]!.createFilter() as Filter
    unpackFilter = fileMatcher.getFileMatchers(config, 'asarUnpack', join(ROOT, 'dist/app'), options)![0]!.createFilter() as Filter
  }, 240_000)

  it('has a configuration that electron-builder’s own validator accepts, and one it refuses when wrong', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    const misspelt = { ...config, linux: { ...config.linux, targets: ['AppImage'] } } as Configuration
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/)
    expect(config).toMatchObject({ productName: 'Roster', directories: { output: 'dist', buildResources: 'build' } })
    // Compiling electron-builder's schema (360 kB) takes a CPU-second, many more on a busy machine.
  }, 90_000)

  it('packs every file the built app reads at run time, and none of the sources', () => {
    const out = filesUnder(join(ROOT, 'out'))
    const main = join(ROOT, packageJson.main)
    expect(out).toContain(main)

    // Everything the build wrote: main, preload and renderer.
    expect(out.filter((file) => !takes(appFilter, file)).map((file) => relative(ROOT, file))).toEqual([])
    expect(takes(appFilter, join(ROOT, 'package.json'))).toBe(true)

    // Whatever the main process finds beside itself (renderer, preload, migrations) is packed with
    // it, and it looks for nothing outside the package (no process.resourcesPath).
    const mainModules = out.filter((file) => file.startsWith(join(ROOT, 'out/main') + sep) && file.endsWith('.js'))
    const besideMain = mainModules.flatMap((file) => filesBesideModule(file, readFileSync(file, 'utf8')))
    expect(besideMain.map((path) => relative(ROOT, path)).sort()).toEqual(
      expect.arrayContaining(['drizzle', join('out', 'preload', 'index.mjs'), join('out', 'renderer')]),
    )
    for (const path of besideMain) {
      const files = statSync(path).isDirectory() ? filesUnder(path) : [path]
      expect(files.length, relative(ROOT, path)).toBeGreaterThan(0)
      expect(files.filter((file) => !takes(appFilter, file)).map((file) => relative(ROOT, file))).toEqual([])
    }
    expect(mainModules.filter((file) => readFileSync(file, 'utf8').includes('resourcesPath')).map((file) => relative(ROOT, file))).toEqual([])

    // The migrations the journal lists.
    const journal = JSON.parse(readFileSync(join(ROOT, 'drizzle/meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] }
    const migrations = [join(ROOT, 'drizzle/meta/_journal.json'), ...journal.entries.map((entry) => join(ROOT, 'drizzle', `${entry.tag}.sql`))]
    expect(migrations.filter((file) => !takes(appFilter, file)).map((file) => relative(ROOT, file))).toEqual([])

    // Sources, tests, build resources and tooling stay out (node_modules is packed apart: production dependencies only).
    const topLevel = readdirSync(ROOT).filter((name) => !['out', 'drizzle', 'package.json', 'node_modules', '.git'].includes(name))
    expect(topLevel).toEqual(expect.arrayContaining(['src', 'test', 'build', 'electron-builder.yml']))
    expect(topLevel.filter((name) => appFilter(join(ROOT, name), statSync(join(ROOT, name))))).toEqual([])
  })

  it('finds every package the built code imports among the production dependencies', () => {
    const imported = (dir: string) => new Set(filesUnder(join(ROOT, 'out', dir)).filter((f) => /\.m?js$/.test(f)).flatMap((f) => bareImports(readFileSync(f, 'utf8'))))
    const main = imported('main')
    expect(main).toContain('@electric-sql/pglite')
    expect([...main].filter((name) => name !== 'electron' && !(name in packageJson.dependencies))).toEqual([])
    // The sandboxed preload is one file that may load only Electron; the renderer loads nothing.
    expect([...imported('preload')]).toEqual(['electron'])
    expect([...imported('renderer')]).toEqual([])
  })

  it('unpacks every file PGlite reads beside its modules from the asar archive', () => {
    const pgliteDist = join(ROOT, 'node_modules/@electric-sql/pglite/dist')
    const assets = new Set(
      filesUnder(pgliteDist)
        .filter((file) => file.endsWith('.js'))
        .flatMap((file) => filesBesideModule(file, readFileSync(file, 'utf8')))
        .filter((path) => !statSync(path, { throwIfNoEntry: false })?.isDirectory()),
    )
    const names = [...assets].map((path) => relative(pgliteDist, path))
    expect(names).toEqual(expect.arrayContaining(['pglite.wasm', 'pglite.data', 'initdb.wasm', 'pg_trgm.tar.gz']))
    expect(names.filter((name) => !unpackFilter(join(pgliteDist, name), statSync(join(pgliteDist, name))))).toEqual([])
  })
})

describe('the CI and release workflows', () => {
  interface Step { run?: string; uses?: string }
  interface Job { 'runs-on'?: string; uses?: string; steps?: Step[]; strategy?: { matrix?: { include?: { os: string; packaged?: string }[] } } }
  interface Workflow { on: Record<string, unknown>; jobs: Record<string, Job> }

  const readWorkflow = (name: string): Workflow => {
    const document = parseDocument(readFileSync(join(ROOT, '.github/workflows', name), 'utf8'))
    expect(document.errors.map((error) => error.message), name).toEqual([])
    return document.toJS() as Workflow
  }

  /** Every command a workflow runs, with those of the workflows it calls (`uses: ./.github/workflows/…`) and of .ci/run. */
  const commandsOf = (name: string): string[] =>
    Object.values(readWorkflow(name).jobs).flatMap((job) =>
      job.uses?.startsWith('./.github/workflows/')
        ? commandsOf(job.uses.slice('./.github/workflows/'.length))
        : (job.steps ?? [])
            .flatMap((step) => (step.run ? step.run.split('\n') : []))
            .flatMap((line) => (/(^|\s)(bash )?\.ci\/run\b/.test(line) ? [line, ...readFileSync(join(ROOT, '.ci/run'), 'utf8').split('\n')] : [line])),
    )

  /** The commands of the README's "Install" section, without comments and leading VAR=value settings. */
  const readmeCommands = (): string[] => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const section = /^## Install\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? ''
    return [...section.matchAll(/^```sh\n([\s\S]*?)^```/gm)]
      .flatMap((block) => block[1]!.split('\n'))
      .map((line) => line.replace(/#.*$/, '').replace(/^(\s*[A-Z_]+=\S+\s+)+/, '').trim())
      .filter(Boolean)
  }

  it('run the README’s install, test, build and smoke-test commands, on a tag and on every push', () => {
    const commands = readmeCommands()
    expect(commands).toEqual(['npm ci', 'npm test', 'npm run dist', 'npm run test:electron'])
    for (const workflow of ['ci.yml', 'release.yml']) {
      const runs = commandsOf(workflow)
      expect(commands.filter((command) => !runs.some((run) => run.includes(command))), workflow).toEqual([])
      const scripts = runs.flatMap((run) => [...run.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!))
      expect(scripts.filter((script) => !(script in packageJson.scripts)), workflow).toEqual([])
    }
    expect(readWorkflow('release.yml').on).toMatchObject({ push: { tags: ['v*'] } })
    expect(readWorkflow('ci.yml').on).toHaveProperty('push')
  })

  it('smoke-test the app electron-builder packs, on Linux, macOS and Windows', async () => {
    const config = await getConfig(ROOT, null, null)
    const matrix = readWorkflow('ci.yml').jobs.electron?.strategy?.matrix?.include ?? []
    const packagedOn = (system: string) => matrix.find((entry) => entry.os.startsWith(system))?.packaged
    // electron-builder's unpacked output: <output>/<platform>-unpacked, <output>/mac-<arch>/<productName>.app.
    expect({ linux: packagedOn('ubuntu'), mac: packagedOn('macos'), windows: packagedOn('windows') }).toEqual({
      linux: `${config.directories!.output}/linux-unpacked/${config.linux!.executableName}`,
      mac: `${config.directories!.output}/mac-arm64/${config.productName}.app/Contents/MacOS/${config.productName}`,
      windows: `${config.directories!.output}/win-unpacked/${config.productName}.exe`,
    })
  })
})

describe('the icon', () => {
  it('is drawn from build/icon.svg into every file the targets read', async () => {
    const config = await getConfig(ROOT, null, null)
    const svg = readFileSync(join(ROOT, 'build/icon.svg'), 'utf8')
    // The committed PNGs are what `npm run icons` draws from the SVG today (regenerate after editing it).
    const stale = PNG_SIZES.filter((size) => !readFileSync(join(ROOT, `build/icons/${size}x${size}.png`)).equals(renderPng(svg, size)))
    expect(stale).toEqual([])
    // Each target's icon is where the configuration says, in its format.
    expect(readdirSync(join(ROOT, config.linux!.icon!)).sort()).toEqual(PNG_SIZES.map((size) => `${size}x${size}.png`).sort())
    expect(readFileSync(join(ROOT, config.mac!.icon!)).subarray(0, 4).toString('latin1')).toBe('icns')
    expect([...readFileSync(join(ROOT, config.win!.icon!)).subarray(0, 4)]).toEqual([0, 0, 1, 0])
  })
})
