import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeExportFile } from '../../../src/main/csv/export-file'

describe('an export file', () => {
  let folder: string
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'roster-export-file-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))

  it('leaves nothing behind when the export stops before its temporary file is even open', async () => {
    // A cancel right after the start: the stream still opens (creates) its file after the stop.
    for (let i = 0; i < 20; i++) {
      await expect(writeExportFile(join(folder, `stopped-${i}.csv`), () => Promise.reject(new Error('cancelled')))).rejects.toThrow('cancelled')
      expect(readdirSync(folder)).toEqual([])
    }
  })

  it('puts a whole export in place of the chosen file, and only then', async () => {
    const path = join(folder, 'whole.csv')
    const rows = await writeExportFile(path, async (sink) => {
      sink.write('a,b\n')
      expect(readdirSync(folder)).not.toContain('whole.csv')
      await new Promise<void>((resolve, reject) => sink.end((error?: Error | null) => (error ? reject(error) : resolve())))
      return 1
    })
    expect(rows).toBe(1)
    expect(readdirSync(folder)).toEqual(['whole.csv'])
  })
})
