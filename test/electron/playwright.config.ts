import { defineConfig } from '@playwright/test'

/**
 * `npm run test:electron`: a smoke test in the real Electron window, for machines that have the
 * Electron binary. Not part of `npm test` (vitest), which runs the same renderer in Chromium.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  timeout: 60_000,
  workers: 1,
  reporter: 'list',
  outputDir: '../../test-results/electron',
})
