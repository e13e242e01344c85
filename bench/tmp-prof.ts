import { performance } from 'node:perf_hooks'
import { openBenchApi } from './support'
const { api, close } = await openBenchApi(process.argv[2]!)
const input = JSON.parse(process.argv[3]!)
const times: number[] = []
for (let i = 0; i < Number(process.env.N ?? 2000); i++) {
  const s = performance.now()
  const r = await api.call('users.list', { ...input, fresh: true })
  if (!r.ok) throw new Error(JSON.stringify(r.error))
  times.push(performance.now() - s)
}
times.sort((a, b) => a - b)
console.log('median', times[times.length >> 1]!.toFixed(3), 'min', times[0]!.toFixed(3))
await close()
