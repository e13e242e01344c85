import { useCallback, useEffect, useId, useMemo, useRef, useState, type CSSProperties, type MouseEvent } from 'react'
import { useReadOnlyReason } from '../api/queries'
import { useLeaveGuard } from '../shell/navigation'
import { tableColumns } from './columns'
import { useRowWindow } from './data/useRowWindow'
import { GridBody, HEADER_HEIGHT, ROW_HEIGHT } from './GridBody'
import { cellDomId, type GridContextValue } from './GridContext'
import { GridFeedback, ActionNote, SavedMessage } from './GridFeedback'
import { GridFooter } from './GridFooter'
import { GridHeader } from './GridHeader'
import { GridOverlay } from './GridOverlay'
import { GridToolbar } from './GridToolbar'
import type { GridResource } from './resource'
import type { Filters, ResourceTypes, RowOf } from './resourceTypes'
import { SaveBanner } from './SaveBanner'
import { insertedRow, withStagedEdits } from './staging/model'
import { useStagedChanges } from './staging/useStagedChanges'
import { useCopyRange } from './useCopyRange'
import { useGridEditing } from './useGridEditing'
import { useGridNavigation } from './useGridNavigation'
import { useGridShortcuts } from './useGridShortcuts'
import { useGridState, useGridTable } from './useGridTable'
import { useSaveChanges } from './useSaveChanges'
import { scrollColumnIntoView } from './viewport/scrollColumnIntoView'
import { useRowViewport } from './viewport/useRowViewport'
import { nouns } from './words'

interface Props<T extends ResourceTypes, Lookup> {
  resource: GridResource<T, Lookup>
}

const noFilters = {}

/** The one editable grid; each resource configures it with its columns, typed by its contract. */
export function Grid<T extends ResourceTypes, Lookup>({ resource }: Props<T, Lookup>) {
  const gridId = useId().replace(/:/g, '')
  const dataColumns = resource.columns
  const columns = useMemo(() => tableColumns(dataColumns), [dataColumns])
  const staging = useStagedChanges<T>()
  // A database Roster may not write (schema conflict, migrations pending): rows are shown, never edited.
  const readOnlyReason = useReadOnlyReason()
  const readOnly = readOnlyReason !== null
  useLeaveGuard(staging.count)
  const saving = useSaveChanges(resource, staging)
  const [pageSize, setPageSize] = useState(100)
  const [showDeleted, setShowDeleted] = useState(false)
  const { deletedRows } = resource
  const softDelete = deletedRows !== undefined
  const extraFilters = useMemo((): Partial<Filters<T>> => (deletedRows ? deletedRows(showDeleted) : noFilters), [deletedRows, showDeleted])
  // The rows rendered (visible plus overscan), whose blocks are fetched.
  const [held, setHeld] = useState({ first: 0, last: 0 })

  const inserts = staging.changes.inserts
  const { blankRow } = resource
  const insertRows = useMemo(() => inserts.map((insert) => insertedRow(insert, blankRow)), [inserts, blankRow])
  const gridState = useGridState(dataColumns, extraFilters)
  const params = gridState.params
  const rows = useRowWindow(resource, params, pageSize, held.first - inserts.length, held.last - inserts.length)
  const merged = useMemo(
    () => [...insertRows, ...rows.loadedRows.map((row) => withStagedEdits(row, staging.changes))],
    [insertRows, rows.loadedRows, staging.changes],
  )
  const table = useGridTable(columns, merged, gridState)
  const lookup = resource.useLookup()

  const rowCount = insertRows.length + (rows.total ?? 0)
  const scrollRef = useRef<HTMLDivElement>(null)
  const viewport = useRowViewport({ scrollRef, rowCount, rowHeight: ROW_HEIGHT, headerHeight: HEADER_HEIGHT })
  const renderedFirst = viewport.rows[0]?.index ?? 0
  const renderedLast = viewport.rows.at(-1)?.index ?? 0
  // Adjusted while rendering (React's pattern for state following a value): the blocks then follow at once.
  if (held.first !== renderedFirst || held.last !== renderedLast) setHeld({ first: renderedFirst, last: renderedLast })

  const rowAtIndex = useCallback(
    (index: number): RowOf<T> | undefined => {
      if (index < insertRows.length) return insertRows[index]
      const saved = rows.rowAt(index - insertRows.length)
      return saved && withStagedEdits(saved, staging.changes)
    },
    [insertRows, rows, staging.changes],
  )

  const { scrollToIndex, scrollToTop } = viewport
  const scrollToCell = useCallback(
    (cell: { row: number; col: number }) => {
      scrollToIndex(cell.row)
      // Data column `col` follows the selection column; the first one shows the selection column too.
      const sizes = table.getAllLeafColumns().map((c) => c.getSize())
      const left = cell.col === 0 ? 0 : sizes.slice(0, cell.col + 1).reduce((sum, size) => sum + size, 0)
      const right = sizes.slice(0, cell.col + 2).reduce((sum, size) => sum + size, 0)
      if (scrollRef.current) scrollColumnIntoView(scrollRef.current, left, right - left)
    },
    [scrollToIndex, table],
  )
  const focusGrid = useCallback(() => scrollRef.current?.focus({ preventScroll: true }), [])
  const activateRef = useRef<(cell: { row: number; col: number }, seed?: string) => void>(() => {})
  const navigation = useGridNavigation({
    rowCount,
    colCount: dataColumns.length,
    rowsPerPage: viewport.rowsPerPage,
    scrollToCell,
    activate: useCallback((cell, seed) => activateRef.current(cell, seed), []),
  })
  const editing = useGridEditing({
    resource,
    dataColumns,
    staging,
    rowAtIndex,
    setEditing: navigation.setEditing,
    moveTo: navigation.moveTo,
    clearCellError: saving.clearCellError,
    focusGrid,
  })
  useEffect(() => {
    activateRef.current = readOnly ? () => {} : editing.activate
  }, [editing.activate, readOnly])
  const copy = useCopyRange(navigation.range, dataColumns, rowAtIndex, lookup)
  const commitEditorRef = useRef<(() => boolean) | null>(null)
  const registerEditorCommit = useCallback((commitNow: (() => boolean) | null) => {
    commitEditorRef.current = commitNow
  }, [])
  // A click elsewhere in the grid first commits the open editor. Refused (an invalid email), the
  // editor keeps its cell and the focus, showing why: otherwise it stayed open with no keys reaching it.
  const keepRefusedEditor = (event: MouseEvent<HTMLDivElement>) => {
    const focused = document.activeElement
    const editorFocused = focused !== null && focused !== event.currentTarget && event.currentTarget.contains(focused)
    if (!editorFocused || focused.contains(event.target as Node)) return
    if (commitEditorRef.current?.() === false) {
      event.preventDefault()
      event.stopPropagation()
    }
  }
  useGridShortcuts({ save: saving.save, undo: staging.undo, redo: staging.redo, commitEditor: () => commitEditorRef.current?.() ?? true })

  // A new sort, filter or search shows its first rows, and drops a selection that could now be
  // out of sight: "Delete N selected" must only reach rows the admin picked in this view.
  const { setRowSelection } = gridState.setters
  useEffect(() => {
    scrollToTop()
    setRowSelection({})
  }, [params, scrollToTop, setRowSelection])

  const addRow = () => {
    staging.insert(resource.newRow())
    // The first column edited in the cell (a switch needs no editor).
    const firstEditable = dataColumns.findIndex((c) => c.edit !== undefined && 'EditCell' in c.edit)
    scrollToTop()
    navigation.moveTo({ row: 0, col: Math.max(0, firstEditable) })
    navigation.setEditing({ row: 0, col: Math.max(0, firstEditable) })
  }
  const titleOf = (id: string) => {
    const row = merged.find((r) => r.id === id)
    return row ? resource.describe(row) : resource.noun
  }
  const selectedIds = Object.keys(table.state.rowSelection)
  // Rows already deleted (shown by "Show deleted") are restored, never deleted again.
  const selectedDeleted = selectedIds.filter((id) => merged.find((r) => r.id === id)?.deletedAt)
  const [actionNote, setActionNote] = useState<string | null>(null)
  const deleteSelected = () => {
    const live = selectedIds.filter((id) => !selectedDeleted.includes(id))
    staging.remove(live.map((id) => ({ id, title: titleOf(id) })))
    table.resetRowSelection()
    setActionNote(
      selectedDeleted.length > 0
        ? `Deleting ${live.length} ${nouns(live.length, resource.noun)}; ${selectedDeleted.length} selected ${selectedDeleted.length === 1 ? 'was' : 'were'} already deleted.`
        : null,
    )
  }
  const restoreSelected = () => {
    staging.restore(selectedDeleted.map((id) => ({ id, title: titleOf(id) })))
    table.resetRowSelection()
    setActionNote(null)
  }

  const context: GridContextValue<T, Lookup> = {
    gridId,
    resource,
    dataColumns,
    lookup,
    changes: staging.changes,
    cellErrors: saving.cellErrors,
    rowErrors: saving.rowErrors,
    readOnly,
    active: navigation.active,
    range: navigation.range,
    editing: navigation.editing,
    select: (cell, extend) => navigation.moveTo(cell, extend),
    activate: (cell) => activateRef.current(cell),
    commit: editing.commit,
    cancelEdit: editing.cancelEdit,
    registerEditorCommit,
    toggle: (row, column) => !readOnly && editing.toggle(row, column),
    revert: (row) => {
      staging.revert(row.id)
      saving.clearRowError(row.id)
    },
    restore: (row) => !readOnly && staging.restore([{ id: row.id, title: resource.describe(row) }]),
  }

  const template = table
    .getAllLeafColumns()
    .map((c) => `${c.getSize()}px`)
    .join(' ')
  const loading = rows.total === undefined && !rows.error
  const filtered = params.search !== '' || Object.keys(params.filters).length > Object.keys(extraFilters).length
  const firstVisible = Math.max(0, viewport.visible.first - insertRows.length)
  return (
    <>
      <section className="grid-panel" style={{ '--grid-columns': template } as CSSProperties} aria-label={resource.title}>
        <GridToolbar
          resource={resource}
          readOnlyReason={readOnlyReason}
          softDelete={softDelete}
          search={String(table.state.globalFilter ?? '')}
          onSearch={table.setGlobalFilter}
          showDeleted={showDeleted}
          onShowDeleted={setShowDeleted}
          selectedCount={selectedIds.length}
          selectedDeletedCount={selectedDeleted.length}
          changeCount={staging.count}
          canUndo={staging.canUndo}
          canRedo={staging.canRedo}
          isSaving={saving.isSaving}
          onAdd={addRow}
          onDeleteSelected={deleteSelected}
          onRestoreSelected={restoreSelected}
          onUndo={staging.undo}
          onRedo={staging.redo}
          onDiscard={() => {
            staging.clear()
            saving.resetFeedback()
            setActionNote(null)
          }}
          onSave={saving.save}
        />
        <div className="grid-frame">
          <GridBody
            grid={context}
            table={table}
            viewport={viewport}
            rowAtIndex={rowAtIndex}
            columnCount={columns.length}
            header={<GridHeader table={table} columns={dataColumns} />}
            overlay={
              <GridOverlay
                resource={resource}
                rowCount={rows.total === undefined ? undefined : rowCount}
                error={rows.error}
                filtered={filtered}
                onRetry={rows.retry}
                onAdd={readOnly ? undefined : addRow}
              />
            }
            scrollRef={scrollRef}
            gridProps={{
              role: 'grid',
              tabIndex: 0,
              'aria-label': resource.title,
              'aria-rowcount': rowCount + 1,
              'aria-colcount': columns.length,
              'aria-multiselectable': true,
              'aria-readonly': readOnly || undefined,
              'aria-busy': loading || undefined,
              'aria-activedescendant': rowCount > 0 ? cellDomId(gridId, navigation.active.row, navigation.active.col) : undefined,
              onKeyDown: navigation.onKeyDown,
              onMouseDownCapture: keepRefusedEditor,
              onCopy: copy,
            }}
          />
          <GridFeedback>
            {actionNote && staging.count > 0 && !saving.refusal && <ActionNote text={actionNote} />}
            {saving.refusal && (
              <SaveBanner refusal={saving.refusal} onOverwrite={saving.overwrite} onReload={saving.reloadConflicting} onDismiss={saving.dismiss} />
            )}
            {saving.saved !== null && staging.count === 0 && !saving.refusal && <SavedMessage saved={saving.saved} />}
          </GridFeedback>
        </div>
        <GridFooter
          noun={resource.noun}
          first={firstVisible}
          last={Math.max(firstVisible, viewport.visible.last - insertRows.length)}
          total={rows.total}
          failed={rows.error !== null && rows.total === undefined}
          totalExact={rows.totalExact}
          positionExact={rows.positionExact}
          pageSize={pageSize}
          onPageSize={setPageSize}
          onPage={(page) => scrollToIndex(insertRows.length + page * pageSize, 'start')}
          isFetching={rows.isFetching}
        />
      </section>
    </>
  )
}
