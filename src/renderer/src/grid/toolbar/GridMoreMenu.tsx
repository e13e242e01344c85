import { useState } from 'react'
import type { ResourceName } from '../../../../shared/schemas/resources'
import { ImportDialog } from '../../imports/ImportDialog'
import { currentSavedView, SavedViewsMenu } from '../../routes/SavedViewsMenu'
import type { GridViewControl } from '../../routes/useGridView'
import { useSavedViews } from '../../routes/useSavedViews'
import { ExportMenu } from '../export/ExportMenu'
import { useCsvExport } from '../export/useCsvExport'
import { shortcutHint } from '../keyBindings'
import { ColumnsMenu } from '../layout/ColumnsMenu'
import type { ColumnLayoutControl } from '../layout/useColumnLayout'
import { MoreMenu, type MoreItem } from './MoreMenu'

type Panel = 'views' | 'columns' | 'export' | 'import'

interface Props {
  resource: { name: ResourceName; title: string; noun: string; columns: readonly { id: string; header: string }[] }
  view: GridViewControl
  layout: Pick<ColumnLayoutControl, 'layout' | 'keyId' | 'update' | 'reset'>
  /** What an export writes: the view's list query, whether it shows deleted rows, and its count. */
  exportOf: { query: Record<string, unknown>; showsDeleted: boolean; total: number | undefined; totalExact: boolean }
  /** Import is offered only while the database may be written. */
  canImport: boolean
  /** Offered for resources that delete softly. */
  showDeleted?: { checked: boolean; onChange(show: boolean): void }
  form: { disabled: boolean; onOpen(): void }
  onHelp(): void
}

/**
 * The grid toolbar's secondary actions, behind one More button so the toolbar stays one row at any
 * width: saved views, columns, export and import (each a panel under the button), Show deleted, the
 * row form and the shortcut list (both also by keyboard, as the items say).
 */
export function GridMoreMenu({ resource, view, layout, exportOf, canImport, showDeleted, form, onHelp }: Props) {
  const [trigger, setTrigger] = useState<HTMLButtonElement | null>(null)
  const [panel, setPanel] = useState<Panel | null>(null)
  const open = (next: Panel) => () => setPanel(next)
  const saved = useSavedViews(resource.name)
  const csv = useCsvExport()
  const current = currentSavedView(saved.views, view.view)
  const hidden = layout.layout.hidden.length
  const panelProps = (id: Panel) => ({ open: panel === id, onOpenChange: (next: boolean) => setPanel(next ? id : null), anchor: trigger })

  const groups: MoreItem[][] = [
    [
      { label: current ? `View: ${current.name}…` : 'Saved views…', onSelect: open('views') },
      { label: hidden > 0 ? `Columns (${hidden} hidden)…` : 'Columns…', onSelect: open('columns') },
      { label: csv.running ? 'Exporting…' : 'Export…', onSelect: open('export') },
      ...(canImport ? [{ label: 'Import…', onSelect: open('import') }] : []),
    ],
    showDeleted ? [{ label: 'Show deleted', ...showDeleted }] : [],
    [
      { label: 'Open row form', hint: 'Enter on a row header', keys: 'Enter', disabled: form.disabled, onSelect: form.onOpen },
      { label: 'Keyboard shortcuts', ...shortcutHint('help'), onSelect: onHelp },
    ],
  ]
  return (
    <>
      <MoreMenu triggerRef={setTrigger} groups={groups.filter((items) => items.length > 0)} />
      <SavedViewsMenu saved={saved} view={view} {...panelProps('views')} />
      <ColumnsMenu columns={resource.columns} control={layout} {...panelProps('columns')} />
      <ExportMenu csv={csv} resource={resource} {...exportOf} {...panelProps('export')} />
      {canImport && <ImportDialog resource={resource.name} title={resource.title} open={panel === 'import'} onClose={() => setPanel(null)} />}
    </>
  )
}
