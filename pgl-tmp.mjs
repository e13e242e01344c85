import { PGlite } from '@electric-sql/pglite'
let t = performance.now()
const a = new PGlite('memory://'); await a.waitReady
console.log('first init', (performance.now()-t).toFixed(0))
t = performance.now()
const b = new PGlite('memory://'); await b.waitReady
console.log('second init', (performance.now()-t).toFixed(0))
t = performance.now()
const dump = await b.dumpDataDir('none')
console.log('dump', (performance.now()-t).toFixed(0), dump.size)
t = performance.now()
const c = new PGlite('memory://', { loadDataDir: dump }); await c.waitReady
console.log('load', (performance.now()-t).toFixed(0))
