// `node scripts/run-ts.mjs <file.ts> [args…]`: runs a TypeScript entry (a benchmark, a test's child
// process) through Vite's module runner, so main-process code runs as it does when built and under
// Vitest: Vite's transforms apply (the resource registry is found with import.meta.glob).
import { resolve } from 'node:path'
import { runnerImport } from 'vite'

const [entry, ...args] = process.argv.slice(2)
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <file.ts> [args…]')
  process.exit(2)
}
// The entry reads its own arguments as if it had been run directly.
process.argv = [process.argv[0], resolve(entry), ...args]
await runnerImport(resolve(entry), { configFile: false, logLevel: 'error' })
