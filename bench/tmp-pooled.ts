import { execFileSync } from 'node:child_process'
import { startPgBouncer } from '../test/support/pgbouncer'
const bouncer = await startPgBouncer({ mode: 'transaction', poolSize: 10 })
const url = bouncer.urlFor('roster_bench')
console.log('pooled url', url)
try {
  const args = ['scripts/run-ts.mjs', 'bench/grid.ts', '--database', url, ...process.argv.slice(2)]
  console.log(execFileSync(process.execPath, args, { cwd: '/work/main', encoding: 'utf8', maxBuffer: 1 << 26 }))
} finally {
  await bouncer.stop()
}
