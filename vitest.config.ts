import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/electron/**', 'node_modules/**'],
    // Integration suites create their own databases; keep two cores from thrashing.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a state; a busy CI machine must not turn a slow state into a failure.
    expect: { poll: { timeout: 15_000 } },
  },
})
