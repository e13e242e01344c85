/**
 * npm run bench:csv -- [--database <url>] [--runs 1] [--import-runs 3]
 *
 * CSV export and import through Roster's own paths against raw postgres.js COPY of the same rows,
 * in the same run. Seed a large database first: npm run bench:seed. The import's sides are medians
 * of three alternating runs by default: one raw COPY of 100,000 users took 5.0–8.8 s here from one
 * run to the next.
 */
import { measureExport } from './csv-export'
import { measureImport } from './csv-import'
import { benchArgs } from './support'

const args = benchArgs({ runs: { type: 'string', default: '1' }, 'import-runs': { type: 'string', default: '3' } })
await measureExport(args.database, Number(args.runs))
await measureImport(args.database, Number(args['import-runs']))
