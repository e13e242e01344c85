import { useCallback, useEffect, useId, useMemo, useRef, useState, type MouseEvent } from 'react'
import { useReadOnlyReason } from '../api/queries'
import { useLeaveGuard } from '../shell/navigation'
import { tableColumns } from './columns'
import { useRowWindow } from './data/useRowWindow'
import { GridBody, HEADER_HEIGHT, ROW_HEIGHT } from './GridBody'
import { DeleteConfirmDialog } from './DeleteConfirmDialog'
import { cellDomId, type GridContextValue } from './GridContext'
import { GridFeedback, ActionNote, SavedMessage } from './GridFeedback'
import { GridFooter } from './GridFooter'
import { GridHeader } from './GridHeader'
import { GridOverlay } from './GridOverlay'
import { GridToolbar } from './GridToolbar'
import type { GridResource } from './resource'
import type { ResourceTypes, RowOf } from './resourceTypes'
import { SaveBanner } from './SaveBanner'
import { ShortcutHelp } from './ShortcutHelp'
import { insertedRow, withStagedEdits } from './staging/model'
import { useStagedChanges } from './staging/useStagedChanges'
import { useCopyRange } from './useCopyRange'
import { useGridEditing } from './useGridEditing'
import { useGridNavigation } from './useGridNavigation'
import { useGridShortcuts } from './useGridShortcuts'
import { useGridState, useGridTable } from './useGridTable'
import { useGridView } from '../routes/useGridView'
import { FilterChips } from './filters/FilterChips'
import { useBaseFilters } from './filters/useBaseFilters'
import { useRecentChanges } from './live/useRecentChanges'
import { useRowActions } from './useRowActions'
import { useSaveChanges } from './useSaveChanges'
import { scrollColumnIntoView } from './viewport/scrollColumnIntoView'
import { useRowViewport } from './viewport/useRowViewport'
import { BulkEditMenu } from './bulk/BulkEditMenu'
import { PastePrompt } from './bulk/PastePrompt'
import { useBulkEditing } from './bulk/useBulkEditing'
import { columnsStyle, horizontalSpan } from './layout/geometry'
import { useColumnLayout } from './layout/useColumnLayout'
import { useConflicts } from './conflicts/useConflicts'
import { RowFormPanel } from './form/RowFormPanel'
import { GridMoreMenu } from './toolbar/GridMoreMenu'
import { useRowForm } from './form/useRowForm'
import { ROW_HEADER } from './useGridNavigation'

interface Props<T extends ResourceTypes, Lookup> {
  resource: GridResource<T, Lookup>
}

const noEdit = () => {}

/** The one editable grid; each resource configures it with its columns, typed by its contract. */
export function Grid<T extends ResourceTypes, Lookup>({ resource }: Props<T, Lookup>) {
  const gridId = useId().replace(/:/g, '')
  const columns = useMemo(() => tableColumns(resource.columns), [resource.columns])
  const layout = useColumnLayout(resource.name, resource.columns)
  // The visible columns, left to right: cells, keyboard moves, ranges, copy and paste follow them.
  const dataColumns = layout.visibleColumns
  const staging = useStagedChanges<T>()
  // A database Roster may not write (schema conflict, migrations pending): rows are shown, never edited.
  const readOnlyReason = useReadOnlyReason()
  const readOnly = readOnlyReason !== null
  useLeaveGuard(staging.count)
  const saving = useSaveChanges(resource, staging)
  const [pageSize, setPageSize] = useState(100)
  // Sort, filters, search and deleted rows live in the screen's address (routes/).
  const view = useGridView()
  const { showDeleted } = view.view
  const { base: baseFilters, softDelete, narrowed } = useBaseFilters(resource, showDeleted)
  // The rows rendered (visible plus overscan), whose blocks are fetched.
  const [held, setHeld] = useState({ first: 0, last: 0 })

  const inserts = staging.changes.inserts
  const { blankRow } = resource
  const insertRows = useMemo(() => inserts.map((insert) => insertedRow(insert, blankRow)), [inserts, blankRow])
  const gridState = useGridState(resource.columns, baseFilters, view)
  const params = gridState.params
  const rows = useRowWindow(resource, params, pageSize, held.first - inserts.length, held.last - inserts.length)
  const merged = useMemo(
    () => [...insertRows, ...rows.loadedRows.map((row) => withStagedEdits(row, staging.changes))],
    [insertRows, rows.loadedRows, staging.changes],
  )
  const table = useGridTable(columns, merged, gridState, layout)
  const lookup = resource.useLookup()

  const rowCount = insertRows.length + (rows.total ?? 0)
  const scrollRef = useRef<HTMLDivElement>(null)
  const viewport = useRowViewport({ scrollRef, rowCount, rowHeight: ROW_HEIGHT, headerHeight: HEADER_HEIGHT })
  const renderedFirst = viewport.rows[0]?.index ?? 0
  const renderedLast = viewport.rows.at(-1)?.index ?? 0
  // Adjusted while rendering (React's pattern for state following a value): the blocks then follow at once.
  if (held.first !== renderedFirst || held.last !== renderedLast) setHeld({ first: renderedFirst, last: renderedLast })

  // New rows first, then the saved rows as read (`savedAt` a position in the list), with staged edits.
  const rowAtIndexOf = useCallback(
    (savedAt: (position: number) => RowOf<T> | undefined) =>
      (index: number): RowOf<T> | undefined => {
        if (index < insertRows.length) return insertRows[index]
        const saved = savedAt(index - insertRows.length)
        return saved && withStagedEdits(saved, staging.changes)
      },
    [insertRows, staging.changes],
  )
  const rowAtIndex = useMemo(() => rowAtIndexOf(rows.rowAt), [rowAtIndexOf, rows.rowAt])
  const { load } = rows
  /** Rows out of view too, read first: a long paste reaches them. */
  const loadRowsAt = useCallback(
    async (first: number, last: number) => rowAtIndexOf(await load(first - insertRows.length, last - insertRows.length)),
    [rowAtIndexOf, load, insertRows.length],
  )

  const bulk = useBulkEditing({ resource, dataColumns, staging, rowAtIndex, loadRowsAt, rowCount, lookup, readOnly })
  // Paste marks and notes are about the staged change they came with: gone with it (undo, discard, save).
  const [undo, redo, save] = [bulk.resetting(staging.undo), bulk.resetting(staging.redo), bulk.resetting(saving.save)]
  const { scrollToIndex, scrollToTop } = viewport
  const scrollToCell = useCallback(
    (cell: { row: number; col: number }) => {
      scrollToIndex(cell.row)
      const span = horizontalSpan(table, cell.col)
      if (span && scrollRef.current) scrollColumnIntoView(scrollRef.current, span.left, span.width, span.covered)
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
    fillDown: bulk.fillDown,
    clear: bulk.clear,
  })
  const editing = useGridEditing({
    resource,
    dataColumns,
    staging,
    rowAtIndex,
    setEditing: navigation.setEditing,
    moveTo: navigation.moveTo,
    clearCellError: (key) => {
      saving.clearCellError(key)
      bulk.clearMark(key)
    },
    focusGrid,
  })
  const editCell = readOnly ? noEdit : editing.activate
  const rowIdAt = useCallback((index: number) => rowAtIndex(index)?.id, [rowAtIndex])
  const form = useRowForm({ rowIdAt, selectRows: gridState.setters.setRowSelection, moveTo: navigation.moveTo })
  const { activateRowHeader, setFrame } = form
  useEffect(() => {
    activateRef.current = (cell, seed) => (cell.col === ROW_HEADER ? activateRowHeader(cell.row, seed) : editCell(cell, seed))
  }, [activateRowHeader, editCell])
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
  const [helpOpen, setHelpOpen] = useState(false)
  const [gridFocused, setGridFocused] = useState(false)
  useGridShortcuts({
    save,
    undo,
    redo,
    help: () => setHelpOpen(true),
    commitEditor: () => commitEditorRef.current?.() ?? true,
  })

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
  const selectedIds = Object.keys(table.state.rowSelection)
  const { rowSelection } = table.state
  const selectedRows = useMemo(() => {
    const byId = new Map(merged.map((row) => [row.id, row]))
    return Object.keys(rowSelection).flatMap((id) => byId.get(id) ?? [])
  }, [merged, rowSelection])
  const actions = useRowActions({
    resource,
    staging,
    rowOf: (id) => merged.find((r) => r.id === id),
    selectedIds,
    resetSelection: () => table.resetRowSelection(),
    resetFeedback: saving.resetFeedback,
  })
  const recentlyChanged = useRecentChanges(resource.name)
  const conflictRows = useConflicts({
    resource,
    staging,
    loadedRows: rows.loadedRows,
    refusal: saving.refusal,
    clearRowError: saving.clearRowError,
    dismissRefusal: saving.dismiss,
  })
  const formRow = rowAtIndex(navigation.active.row)

  const context: GridContextValue<T, Lookup> = {
    gridId,
    resource,
    dataColumns,
    lookup,
    changes: staging.changes,
    cellErrors: bulk.marks.size > 0 ? new Map([...saving.cellErrors, ...bulk.marks]) : saving.cellErrors,
    rowErrors: conflictRows.rowErrorsWith(saving.rowErrors),
    recentlyChanged,
    focused: gridFocused,
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
    conflicts: conflictRows.theirs,
    openForm: form.openAt,
  }

  const loading = rows.total === undefined && !rows.error
  const firstVisible = Math.max(0, viewport.visible.first - insertRows.length)
  return (
    <>
      <section className={`grid-panel${layout.layout.frozen ? ' columns-frozen' : ''}${form.open ? ' grid-panel--with-form' : ''}`} style={columnsStyle(table)} aria-label={resource.title}>
        <GridToolbar
          resource={resource}
          readOnlyReason={readOnlyReason}
          search={String(table.state.globalFilter ?? '')}
          onSearch={table.setGlobalFilter}
          selectedCount={selectedIds.length}
          selectedDeletedCount={actions.selectedDeletedCount}
          filterChips={<FilterChips resource={resource} view={view} />}
          changeCount={staging.count}
          canUndo={staging.canUndo}
          canRedo={staging.canRedo}
          isSaving={saving.isSaving}
          onAdd={addRow}
          onDeleteSelected={() => void actions.deleteSelected()}
          onRestoreSelected={actions.restoreSelected}
          onUndo={undo}
          onRedo={redo}
          onDiscard={bulk.resetting(actions.discard)}
          onSave={save}
          more={
            <GridMoreMenu
              resource={resource}
              view={view}
              layout={layout}
              exportOf={{ query: params, showsDeleted: softDelete && showDeleted, total: rows.total, totalExact: rows.totalExact }}
              canImport={!readOnly}
              showDeleted={softDelete ? { checked: showDeleted, onChange: view.setShowDeleted } : undefined}
              form={{ disabled: rowCount === 0, onOpen: () => form.setOpen(true) }}
              onHelp={() => setHelpOpen(true)}
            />
          }
          bulkEdit={
            (resource.bulkEdits || softDelete) && (
              <BulkEditMenu
                resource={resource}
                rows={selectedRows}
                lookup={lookup}
                deletedCount={actions.selectedDeletedCount}
                onRestore={actions.restoreSelected}
                onEdit={bulk.editRows}
              />
            )
          }
        />
        <div className="grid-frame" ref={setFrame}>
          <GridBody
            grid={context}
            table={table}
            viewport={viewport}
            rowAtIndex={rowAtIndex}
            columnCount={dataColumns.length + 2}
            header={<GridHeader table={table} columns={dataColumns} drag={layout.drag} />}
            overlay={
              <GridOverlay
                resource={resource}
                rowCount={rows.total === undefined ? undefined : rowCount}
                error={rows.error}
                filtered={narrowed(params)}
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
              'aria-colcount': dataColumns.length + 2,
              'aria-multiselectable': true,
              'aria-readonly': readOnly || undefined,
              'aria-busy': loading || undefined,
              'aria-activedescendant': rowCount > 0 ? cellDomId(gridId, navigation.active.row, navigation.active.col) : undefined,
              onKeyDown: navigation.onKeyDown,
              onMouseDownCapture: keepRefusedEditor,
              onCopy: copy,
              onPaste: (event) => bulk.onPaste(event, navigation.range),
              onFocus: (event) => setGridFocused(event.target === event.currentTarget),
              onBlur: () => setGridFocused(false),
            }}
          />
          <GridFeedback>
            {bulk.pending && (
              <PastePrompt
                newRowCount={bulk.pending.newRowCount}
                noun={resource.noun}
                onAnswer={(addRows) => {
                  bulk.answerPending(addRows)
                  focusGrid()
                }}
              />
            )}
            {bulk.note && !saving.refusal && <ActionNote text={bulk.note} />}
            {actions.note?.kind === 'delete' && staging.count > 0 && !saving.refusal && <ActionNote text={actions.note.text} />}
            {actions.note?.kind === 'discard' && staging.canUndo && <ActionNote text={actions.note.text} onUndo={undo} />}
            {saving.refusal && (
              <SaveBanner
                refusal={saving.refusal}
                blocked={actions.blockedDeletes(saving.rowErrors)}
                onOverwrite={saving.overwrite}
                onReload={() => saving.refusal && conflictRows.reload(saving.refusal.conflictRowIds)}
                onDismiss={saving.dismiss}
              />
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
      <ShortcutHelp open={helpOpen} onOpenChange={setHelpOpen} />
      <RowFormPanel
        container={form.frame}
        open={form.open}
        onOpenChange={form.setOpen}
        onClosed={focusGrid}
        resource={resource}
        lookup={lookup}
        row={formRow}
        changes={staging.changes}
        cellErrors={context.cellErrors}
        readOnly={readOnly}
        stage={editing.stage}
        undo={undo}
        redo={redo}
        registerCommit={registerEditorCommit}
        {...conflictRows.ofRow(formRow)}
        changeCount={staging.count}
        isSaving={saving.isSaving}
        onSave={save}
      />
      <DeleteConfirmDialog warning={actions.confirming} onCancel={actions.cancelDelete} onConfirm={actions.confirmDelete} />
    </>
  )
}
