import type { ReactNode, RefObject } from 'react'
import type { GridContextValue } from './GridContext'
import { GridRowView, PlaceholderRow } from './GridRowView'
import type { ResourceTypes, RowOf } from './resourceTypes'
import type { GridTable } from './useGridTable'
import type { RowViewport } from './viewport/useRowViewport'

export const ROW_HEIGHT = 32
/** Height of the sticky header (titles and filters); the rows start below it. */
export const HEADER_HEIGHT = 64

interface Props<T extends ResourceTypes, Lookup> {
  grid: GridContextValue<T, Lookup>
  table: GridTable<RowOf<T>>
  viewport: RowViewport
  rowAtIndex(index: number): RowOf<T> | undefined
  columnCount: number
  header: ReactNode
  overlay: ReactNode
  scrollRef: RefObject<HTMLDivElement | null>
  gridProps: React.HTMLAttributes<HTMLDivElement>
}

/** The scrolling grid: a sticky header, and only the rows in view (plus a few) in the DOM. */
export function GridBody<T extends ResourceTypes, Lookup>({ grid, table, viewport, rowAtIndex, columnCount, header, overlay, scrollRef, gridProps }: Props<T, Lookup>) {
  const width = table.getTotalSize()
  return (
    <div ref={scrollRef} className="grid-scroll" {...gridProps}>
      <div className="grid-canvas" style={{ width, minWidth: '100%' }}>
        {header}
        <div role="rowgroup" className="grid-rows" style={{ height: viewport.height }}>
          {viewport.rows.map(({ index, top }) => {
            const row = rowAtIndex(index)
            if (!row) return <PlaceholderRow key={index} index={index} start={top} columns={columnCount} />
            return <GridRowView key={index} grid={grid} index={index} start={top} row={row} tableRow={table.getRow(row.id, true)} />
          })}
        </div>
        {overlay}
      </div>
    </div>
  )
}
