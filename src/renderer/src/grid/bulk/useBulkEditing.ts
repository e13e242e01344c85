import { useCallback, useMemo, useState, type ClipboardEvent } from 'react'
import { useApi } from '../../api/ApiProvider'
import { messageOf } from '../../api/request-error'
import { cellKey } from '../GridContext'
import type { GridColumn, GridResource } from '../resource'
import type { ResourceTypes, RowOf } from '../resourceTypes'
import { acceptsEdits } from '../staging/model'
import { newClientId, type Staging } from '../staging/useStagedChanges'
import type { CellRange } from '../useGridNavigation'
import { nouns } from '../words'
import { checkRowChanges, clearChanges, fillDownChanges, pasteChange, type CheckedBulk, type FieldChange, type PlacedValue } from './cellChanges'
import { parseTsv } from '../clipboard'
import { planPaste, withoutNewRows, type PastePlan, type PlacedText } from './pastePlan'
import { pasteNote } from './notes'

interface Options<T extends ResourceTypes, Lookup> {
  resource: GridResource<T, Lookup>
  dataColumns: readonly GridColumn<T, Lookup>[]
  staging: Staging<T>
  rowAtIndex(index: number): RowOf<T> | undefined
  /** Reads the rows of these grid positions, loaded or not, and gives where they are. */
  loadRowsAt(first: number, last: number): Promise<(index: number) => RowOf<T> | undefined>
  rowCount: number
  lookup: Lookup
  readOnly: boolean
}

const noMarks: ReadonlyMap<string, string> = new Map()

/**
 * Paste, fill down, clearing cells and bulk edits of selected rows: each one staged change of many
 * cells (one undo step). Values that are refused mark their cells with why, as a typed one would be.
 */
export function useBulkEditing<T extends ResourceTypes, Lookup>({ resource, dataColumns, staging, rowAtIndex, loadRowsAt, rowCount, lookup, readOnly }: Options<T, Lookup>) {
  const api = useApi()
  const [marks, setMarks] = useState<ReadonlyMap<string, string>>(noMarks)
  const [note, setNote] = useState<string | null>(null)
  // A paste reaching past the last row waits for the admin to say whether to add rows.
  const [pending, setPending] = useState<PastePlan | null>(null)
  const { editAll } = staging

  const stage = useCallback(
    ({ bulk, refused }: CheckedBulk<T>) => {
      editAll(bulk)
      setMarks((current) => {
        const next = new Map(current)
        for (const edit of bulk.edits) next.delete(cellKey(edit.row.id, edit.field))
        for (const { rowId, field, message } of refused) next.set(cellKey(rowId, field), message)
        return next
      })
    },
    [editAll],
  )

  const readPlaced = useCallback(
    async (placed: readonly PlacedText[]): Promise<PlacedValue<T>[]> => {
      const byColumn = new Map<number, PlacedText[]>()
      for (const cell of placed) {
        const cells = byColumn.get(cell.col)
        if (cells) cells.push(cell)
        else byColumn.set(cell.col, [cell])
      }
      const read = await Promise.all(
        [...byColumn].map(async ([col, cells]) => {
          const edit = dataColumns[col]?.edit
          if (!edit) return []
          const values = await edit.readTexts(
            cells.map((cell) => cell.text),
            { api, lookup },
          )
          return cells.map((cell, i): PlacedValue<T> => ({ ...cell, read: values[i] ?? { ok: false, message: 'Could not be read' } }))
        }),
      )
      return read.flat()
    },
    [dataColumns, api, lookup],
  )

  const runPaste = useCallback(
    async (plan: PastePlan) => {
      setNote('Pasting…')
      // Cells are listed top to bottom.
      const [first, last] = [plan.cells[0]?.row, plan.cells.at(-1)?.row]
      try {
        const [rowAt, cells, newRowCells] = await Promise.all([
          first !== undefined && last !== undefined ? loadRowsAt(first, last) : rowAtIndex,
          readPlaced(plan.cells),
          readPlaced(plan.newRowCells),
        ])
        const result = pasteChange({ resource, columns: dataColumns, cells, newRowCells, newRowCount: plan.newRowCount, changes: staging.changes, rowAt, newClientId })
        stage(result)
        setNote(pasteNote(plan, result, dataColumns, resource.noun))
      } catch (error) {
        setNote(`Nothing was pasted: the rows could not be read (${messageOf(error)}).`)
      }
    },
    [readPlaced, resource, dataColumns, staging.changes, rowAtIndex, loadRowsAt, stage],
  )

  const paste = useCallback(
    (text: string, range: CellRange) => {
      if (readOnly || text === '') return
      const plan = planPaste(parseTsv(text), range, { rowCount, colCount: dataColumns.length, editable: (col) => dataColumns[col]?.edit !== undefined })
      if (plan.newRowCount > 0) setPending(plan)
      else void runPaste(plan)
    },
    [readOnly, rowCount, dataColumns, runPaste],
  )

  /** Ctrl/Cmd+V on the grid (inside an editor, pasting is the editor's). */
  const onPaste = useCallback(
    (event: ClipboardEvent<HTMLElement>, range: CellRange) => {
      if ((event.target as HTMLElement).closest('input, textarea, [contenteditable="true"]')) return
      event.preventDefault()
      paste(event.clipboardData.getData('text/plain'), range)
    },
    [paste],
  )

  /** The admin's answer to a paste reaching past the last row: add them, paste without them, or (null) cancel. */
  const answerPending = useCallback(
    (addRows: boolean | null) => {
      if (pending && addRows !== null) void runPaste(addRows ? pending : withoutNewRows(pending))
      setPending(null)
    },
    [pending, runPaste],
  )

  /** The loaded rows of a range that take edits, top first. */
  const rowsOf = useCallback(
    (range: CellRange) => {
      const rows: RowOf<T>[] = []
      for (let index = range.top; index <= range.bottom; index++) {
        const row = rowAtIndex(index)
        if (row && acceptsEdits(staging.changes, row)) rows.push(row)
      }
      return rows
    },
    [rowAtIndex, staging.changes],
  )
  const columnsOf = useCallback((range: CellRange) => dataColumns.slice(range.left, range.right + 1), [dataColumns])

  const fillDown = useCallback(
    (range: CellRange) => {
      if (readOnly || range.bottom === range.top) return
      const result = checkRowChanges(resource, fillDownChanges(columnsOf(range), rowsOf(range)))
      stage(result)
      setNote(result.refused.length > 0 ? `${result.refused.length} ${result.refused.length === 1 ? 'cell was' : 'cells were'} not filled (marked).` : null)
    },
    [readOnly, resource, columnsOf, rowsOf, stage],
  )

  const clear = useCallback(
    (range: CellRange) => {
      if (readOnly) return
      const { targets, kept } = clearChanges(resource, columnsOf(range), rowsOf(range))
      stage(checkRowChanges(resource, targets))
      setNote(kept.length > 0 ? `${kept.map((column) => column.header).join(', ')} cannot be empty: left as ${kept.length === 1 ? 'it was' : 'they were'}.` : null)
    },
    [readOnly, resource, columnsOf, rowsOf, stage],
  )

  /** A bulk edit of the selected rows; deleted rows are left as they are. */
  const editRows = useCallback(
    (rows: readonly RowOf<T>[], change: (row: RowOf<T>) => readonly FieldChange<T>[]) => {
      if (readOnly) return
      const editable = rows.filter((row) => acceptsEdits(staging.changes, row))
      const result = checkRowChanges(
        resource,
        editable.map((row) => ({ row, changes: change(row) })),
      )
      stage(result)
      const left = rows.length - editable.length
      const notes = [
        left > 0 && `${left} deleted ${nouns(left, resource.noun)} left as ${left === 1 ? 'it was' : 'they were'}.`,
        result.refused.length > 0 && `${result.refused.length} ${result.refused.length === 1 ? 'value was' : 'values were'} refused (marked).`,
      ].filter(Boolean)
      setNote(notes.length > 0 ? notes.join(' ') : null)
    },
    [readOnly, resource, staging.changes, stage],
  )

  const clearMark = useCallback((key: string) => setMarks((current) => (current.has(key) ? new Map([...current].filter(([k]) => k !== key)) : current)), [])
  /** An action (undo, redo, discard, save) that first drops the marks, the note and a pending paste. */
  const resetting = useCallback(
    (action: () => unknown) => () => {
      setMarks(noMarks)
      setNote(null)
      setPending(null)
      action()
    },
    [],
  )

  return useMemo(
    () => ({ marks, note, pending, onPaste, answerPending, fillDown, clear, editRows, clearMark, resetting }),
    [marks, note, pending, onPaste, answerPending, fillDown, clear, editRows, clearMark, resetting],
  )
}
