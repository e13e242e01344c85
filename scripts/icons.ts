// `npm run icons`: writes the app's icon files under build/ from build/icon.svg. The files are
// committed, so packaging (`npm run dist`) never needs this generator; run it after editing the SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { iconSet } from './icon-set'

const buildDir = resolve(import.meta.dirname, '../build')
for (const [file, bytes] of iconSet(readFileSync(join(buildDir, 'icon.svg'), 'utf8'))) {
  const path = join(buildDir, file)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, bytes)
  console.log(`build/${file}  ${bytes.length.toLocaleString('en')} bytes`)
}
