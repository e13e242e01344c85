import * as Dialog from '@radix-ui/react-dialog'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { importDelimiter, type ImportCheck, type ImportDelimiter, type ImportEncoding, type ImportFileInfo, type ImportMode, type ImportPreview } from '../../../shared/schemas/imports'
import type { ResourceName } from '../../../shared/schemas/resources'
import type { ApiError, Result } from '../../../shared/result'
import { useApi } from '../api/ApiProvider'
import { picksFilesInMain, uploadImportFile } from '../api/upload'
import { ImportMapping } from './ImportMapping'
import { ImportReport } from './ImportReport'
import { describeProgress, useImportJob } from './useImportJob'
import './imports.css'

interface Props {
  resource: ResourceName
  /** Plural, for people: "Users". */
  title: string
  open: boolean
  onClose(): void
}

const modes: { mode: ImportMode; label: string }[] = [
  { mode: 'insert', label: 'Insert new rows' },
  { mode: 'update', label: 'Update matching rows' },
  { mode: 'both', label: 'Insert and update' },
]
const delimiterNames: Record<ImportDelimiter, string> = { ',': 'Comma', ';': 'Semicolon', '\t': 'Tab' }

/** Import a CSV or TSV file into one resource: choose, preview and map, check (every problem at once), apply. */
export function ImportDialog({ resource, title, open, onClose }: Props) {
  const api = useApi()
  const queryClient = useQueryClient()
  const job = useImportJob()
  const [file, setFile] = useState<ImportFileInfo | null>(null)
  const [delimiter, setDelimiter] = useState<ImportDelimiter | undefined>(undefined)
  const [encoding, setEncoding] = useState<ImportEncoding>('utf-8')
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [mapping, setMapping] = useState<(string | null)[]>([])
  const [mode, setMode] = useState<ImportMode>('insert')
  const [check, setCheck] = useState<ImportCheck | null>(null)
  const [error, setError] = useState<ApiError | null>(null)
  const [done, setDone] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const reset = () => {
    setFile(null)
    setPreview(null)
    setCheck(null)
    setError(null)
    setDone(null)
    setDelimiter(undefined)
    setEncoding('utf-8')
  }
  const close = () => {
    if (job.running) return
    if (file) void api['imports.discard']({ fileId: file.fileId })
    reset()
    onClose()
  }

  /** A result's data, or null with its error shown. */
  const take = <T,>(result: Result<T>): T | null => {
    if (result.ok) return result.data
    setError(result.error)
    return null
  }

  /** Reads the file's first rows, again whenever the separator or the encoding is changed. */
  const loadPreview = async (target: ImportFileInfo, nextDelimiter: ImportDelimiter | undefined, nextEncoding: ImportEncoding) => {
    setDelimiter(nextDelimiter)
    setEncoding(nextEncoding)
    setError(null)
    setCheck(null)
    const result = await api['imports.preview']({ fileId: target.fileId, resource, delimiter: nextDelimiter, encoding: nextEncoding })
    setPreview(result.ok ? result.data : null)
    if (result.ok) setMapping(result.data.mapping)
    else setError(result.error)
  }

  const chosen = async (pick: () => Promise<Result<ImportFileInfo | null>>) => {
    setBusy(true)
    reset()
    const picked = take(await pick())
    setBusy(false)
    if (!picked) return
    setFile(picked)
    await loadPreview(picked, undefined, 'utf-8')
  }
  const pickInMain = () => chosen(async () => {
    const result = await api['imports.pickFile']({})
    return result.ok ? { ok: true, data: result.data.file } : result
  })

  const runCheck = async () => {
    if (!file) return
    setError(null)
    setCheck(null)
    const result = await job.run((jobId) => api['imports.check']({ fileId: file.fileId, resource, delimiter, encoding, mapping, mode, jobId }))
    setCheck(take(result))
  }
  const runApply = async () => {
    if (!check?.checkId) return
    setError(null)
    const checkId = check.checkId
    const written = take(await job.run((jobId) => api['imports.apply']({ checkId, jobId })))
    if (!written) return
    setCheck(null)
    setDone(`Imported: ${written.inserted.toLocaleString()} added, ${written.updated.toLocaleString()} updated.`)
    // The grid, and counts and names on the other screens, read the new rows.
    await queryClient.invalidateQueries()
  }

  const locked = job.running || busy
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : close())}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog import-dialog" onEscapeKeyDown={(e) => job.running && e.preventDefault()}>
          <div className="dialog__header">
            <Dialog.Title>Import {title.toLowerCase()} from CSV</Dialog.Title>
          </div>
          <div className="dialog__body">
            <Dialog.Description className="import-intro">
              A CSV or TSV file with a header row. Columns are matched to fields by their headers; every row is checked before anything is written.
            </Dialog.Description>
            <div className="import-row">
              {picksFilesInMain() ? (
                <button type="button" className="button" disabled={locked} onClick={() => void pickInMain()}>
                  Choose file…
                </button>
              ) : (
                <label className="import-file">
                  <span>File</span>
                  <input
                    type="file"
                    accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
                    disabled={locked}
                    onChange={(e) => {
                      const chosenFile = e.target.files?.[0]
                      if (chosenFile) void chosen(() => uploadImportFile(chosenFile))
                    }}
                  />
                </label>
              )}
              {/* A browser's file input names the file itself. */}
              {file && picksFilesInMain() ? <span className="import-file__name">{file.name}</span> : null}
              {file ? (
                <>
                  <label className="import-option">
                    Separator
                    <select value={delimiter ?? ''} disabled={locked} onChange={(e) => void loadPreview(file, importDelimiter.safeParse(e.target.value).data, encoding)}>
                      <option value="">Detect{preview && delimiter === undefined ? ` (${delimiterNames[preview.delimiter]})` : ''}</option>
                      {Object.entries(delimiterNames).map(([value, name]) => (
                        <option key={name} value={value}>
                          {name}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label className="import-option">
                    Encoding
                    <select value={encoding} disabled={locked} onChange={(e) => void loadPreview(file, delimiter, e.target.value === 'windows-1252' ? 'windows-1252' : 'utf-8')}>
                      <option value="utf-8">UTF-8</option>
                      <option value="windows-1252">Windows (Western)</option>
                    </select>
                  </label>
                </>
              ) : null}
            </div>
            {error ? (
              <div className="import-outcome import-outcome--error" role="alert">
                <p>{error.message}</p>
                {error.fieldErrors && error.fieldErrors.length > 1 ? (
                  <ul>
                    {error.fieldErrors.slice(0, 50).map((e, i) => (
                      <li key={i}>{[e.rowId, e.field !== '(mapping)' ? e.field : null, e.message].filter(Boolean).join(' · ')}</li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ) : null}
            {preview && file ? (
              <>
                {preview.notes.length > 0 ? (
                  <ul className="import-notes" aria-label="About this file">
                    {preview.notes.map((note) => (
                      <li key={note}>{note}</li>
                    ))}
                  </ul>
                ) : null}
                <ImportMapping resource={resource} preview={preview} mapping={mapping} onMap={(index, field) => {
                  setMapping((current) => current.map((f, i) => (i === index ? field : f)))
                  setCheck(null)
                }} />
                <fieldset className="import-modes" disabled={locked}>
                  <legend>Rows</legend>
                  {modes.map((m) => (
                    <label key={m.mode}>
                      <input type="radio" name="import-mode" value={m.mode} checked={mode === m.mode} onChange={() => { setMode(m.mode); setCheck(null) }} />
                      {m.label}
                    </label>
                  ))}
                </fieldset>
              </>
            ) : null}
            {job.running ? (
              <p className="import-progress" role="status" aria-live="polite">
                {describeProgress(job.progress)}
              </p>
            ) : null}
            {check && file ? <ImportReport check={check} fileName={file.name} /> : null}
            {done ? (
              <p className="import-outcome import-outcome--ok" role="status">
                {done}
              </p>
            ) : null}
          </div>
          <div className="dialog__footer">
            {job.running ? (
              <button type="button" className="button" onClick={job.cancel}>
                Cancel
              </button>
            ) : (
              <button type="button" className="button button--quiet" onClick={close}>
                {done ? 'Close' : 'Cancel'}
              </button>
            )}
            <span className="dialog__spacer" />
            <button type="button" className="button" disabled={!preview || locked} onClick={() => void runCheck()}>
              Check file
            </button>
            <button type="button" className="button button--primary" disabled={!check?.checkId || locked} onClick={() => void runApply()}>
              {check?.checkId ? `Import ${(check.inserts + check.updates).toLocaleString()} rows` : 'Import'}
            </button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
