import { defineConfig } from '@playwright/test'

/**
 * `npm run test:electron`: a smoke test in the real Electron window, for machines that have the
 * Electron binary, or of the packaged app that ROSTER_PACKAGED_APP names (test/electron/roster-app.ts).
 * Not part of `npm test` (vitest), which runs the same renderer in Chromium.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  // The first open of an embedded database migrates and seeds it; a CI runner may take its time.
  timeout: 120_000,
  workers: 1,
  reporter: 'list',
  outputDir: '../../test-results/electron',
})
