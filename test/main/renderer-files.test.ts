import { join, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveRendererFile } from '../../src/main/renderer-files'

// Both the app:// protocol (Electron) and browser mode's static server map a URL path to a file
// of the built renderer with this one function; nothing outside that folder may ever come back.
const root = resolve('/srv/roster/out/renderer')

describe('resolveRendererFile', () => {
  it('maps the page and its assets to files under the renderer folder', () => {
    expect(resolveRendererFile(root, '/')).toBe(join(root, 'index.html'))
    expect(resolveRendererFile(root, '/index.html')).toBe(join(root, 'index.html'))
    expect(resolveRendererFile(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'))
    expect(resolveRendererFile(root, '/assets/%61pp%20x.js')).toBe(join(root, 'assets', 'app x.js'))
    expect(resolveRendererFile(root, '/./assets//app.js')).toBe(join(root, 'assets', 'app.js'))
    // A name that merely starts with dots is a name, not a way up.
    expect(resolveRendererFile(root, '/assets/..app.js')).toBe(join(root, 'assets', '..app.js'))
  })

  it('refuses a way out, plain or encoded', () => {
    for (const pathname of ['/../secret', '/assets/../../secret', '/%2e%2e/secret', '/%2E%2E%2Fsecret', '/..%2f..%2fetc%2fpasswd', '/assets/..%2F..%2F..%2Fetc%2Fpasswd', '/..']) {
      expect(resolveRendererFile(root, pathname), pathname).toBeNull()
    }
  })

  it('refuses a sibling folder whose name starts with the renderer folder’s name', () => {
    // `file.startsWith(rendererDir)` accepted /srv/roster/out/renderer-evil/x.js.
    expect(resolveRendererFile(root, '/..%2frenderer-evil%2fx.js')).toBeNull()
    expect(resolveRendererFile(root, '/../renderer-evil/x.js')).toBeNull()
    expect(resolveRendererFile(`${root}${sep}`, '/..%2frenderer-evil%2fx.js')).toBeNull()
  })

  it('keeps absolute-looking paths inside the folder, and refuses backslashes, NUL and bad encodings', () => {
    expect(resolveRendererFile(root, '//etc/passwd')).toBe(join(root, 'etc', 'passwd'))
    expect(resolveRendererFile(root, '/%2Fetc%2Fpasswd')).toBe(join(root, 'etc', 'passwd'))
    for (const pathname of ['/..\\..\\etc\\passwd', '/%5c..%5c..%5cetc%5cpasswd', '/C:%5cWindows%5cwin.ini', '/a%00.js', '/%E0%A4%A', '/a\0.js']) {
      expect(resolveRendererFile(root, pathname), pathname).toBeNull()
    }
  })

  it('never answers with a path outside the folder', () => {
    const attempts = ['..', '.', '%2e', '%2e%2e', '%2f', '%5c', 'renderer-evil', 'x', '', '%00', 'C:']
    const outside: string[] = []
    let answered = 0
    for (const a of attempts)
      for (const b of attempts)
        for (const c of attempts) {
          const file = resolveRendererFile(root, `/${a}/${b}${c}/${c}`)
          if (file === null) continue
          answered++
          if (!file.startsWith(root + sep)) outside.push(file)
        }
    expect(outside).toEqual([])
    // Some of them are ordinary paths inside the folder: the check above looked at real answers.
    expect(answered).toBeGreaterThan(0)
  })
})
