/**
 * npm run bench:save -- [--database <url>] [--edits 1000] [--runs 7]
 *
 * Stages name and email changes to 1,000 users and saves them through `users.save` (one
 * transaction, full API path), against one hand-written UPDATE … FROM (VALUES …) of the same
 * changes through raw postgres.js, alternating in the same run.
 */
import { performance } from 'node:perf_hooks'
import postgres from 'postgres'
import { benchArgs, ensureBenchDatabase, median, ms, openBenchApi } from './support'

const args = benchArgs({ edits: { type: 'string', default: '1000' }, runs: { type: 'string', default: '7' } })
const edits = Number(args.edits)
const runs = Number(args.runs)
await ensureBenchDatabase(args.database)
const raw = postgres(args.database, { max: 2, onnotice: () => {} })
const { api, close } = await openBenchApi(args.database)

// The same slice of users every run, away from anything the other benches read first.
const target = () =>
  raw<{ id: string; updated_at: Date }[]>`select id, updated_at from users where deleted_at is null order by id limit ${edits}`
const changes = (run: number, i: number) => ({ name: `Bench Person ${run}-${i}`, email: `bench.${run}.${i}@example.org` })

try {
  if ((await target()).length < edits) throw new Error(`the bench database has fewer than ${edits} users: run npm run bench:seed first`)
  const apiTimes: number[] = []
  const rawTimes: number[] = []
  for (let run = 0; run < runs + 1; run++) {
    const rows = await target()
    const batch = {
      updates: rows.map((row, i) => ({ id: row.id, updatedAt: row.updated_at.toISOString(), changes: changes(2 * run, i) })),
    }
    let started = performance.now()
    const result = await api.call('users.save', batch)
    const apiMs = performance.now() - started
    if (!result.ok) throw new Error(`users.save failed: ${result.error.message}`)

    const values = rows.map((row, i) => [row.id, changes(2 * run + 1, i).name, changes(2 * run + 1, i).email])
    started = performance.now()
    await raw`
      update users as u set name = v.name, email = v.email, updated_at = now()
      from (values ${raw(values)}) as v(id, name, email)
      where u.id = v.id::uuid`
    const rawMs = performance.now() - started
    // The first round warms both paths up and is not counted.
    if (run > 0) {
      apiTimes.push(apiMs)
      rawTimes.push(rawMs)
    }
  }
  const apiMedian = median(apiTimes)
  const rawMedian = median(rawTimes)
  console.log(`${edits} edits (median of ${runs} runs): api ${ms(apiMedian)} raw ${ms(rawMedian)}`)
  console.log(`save ratio: ${(apiMedian / rawMedian).toFixed(2)}`)
} finally {
  await close()
  await raw.end()
}
