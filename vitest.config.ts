import { defineConfig } from 'vitest/config'

/**
 * Files that run in a module registry (and a worker) of their own: the pooler rerun imports other
 * suites to run them again under its environment (a shared registry would have them already
 * loaded); window.test mocks electron, deep-page-count a list's count; and import-parse measures the
 * process's own memory.
 */
const ownRegistry = [
  'test/integration/pooler/**/*.test.ts',
  'test/main/window.test.ts',
  'test/main/services/deep-page-count.test.ts',
  'test/main/csv/import-parse.test.ts',
]

export default defineConfig({
  test: {
    // Integration suites create their own databases; keep two cores from thrashing.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a state; a busy CI machine must not turn a slow state into a failure.
    expect: { poll: { timeout: 15_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'roster',
          include: ['test/**/*.test.ts'],
          exclude: ['test/electron/**', 'node_modules/**', ...ownRegistry],
          // Files share their worker's modules, imported once per worker instead of once per file
          // (a quarter of the suite's time). Tests keep no state in modules: what they open, they close.
          isolate: false,
          // One migrated PGlite per run, which every openMigrated('pglite') starts from.
          globalSetup: ['test/support/pglite-template.ts'],
        },
      },
      { extends: true, test: { name: 'own registry', include: ownRegistry, isolate: true, globalSetup: ['test/support/pglite-template.ts'] } },
    ],
  },
})
