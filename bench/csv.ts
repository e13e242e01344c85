/**
 * npm run bench:csv -- [--database <url>] [--runs 1]
 *
 * CSV export and import through Roster's own paths against raw postgres.js COPY of the same rows,
 * in the same run. Seed a large database first: npm run bench:seed.
 */
import { measureExport } from './csv-export'
import { measureImport } from './csv-import'
import { benchArgs } from './support'

const args = benchArgs({ runs: { type: 'string', default: '1' } })
await measureExport(args.database, Number(args.runs))
await measureImport(args.database, Number(args.runs))
