import { useState, type DragEvent, type HTMLAttributes } from 'react'

/** The drag's data type: only a header of this grid is taken for a column move. */
const COLUMN_TYPE = 'application/x-roster-column'

/**
 * Reordering by dragging a column's title onto another header: the dragged column takes that
 * one's place. Only the title drags, so the resize handle and the filter keep their own mouse use.
 */
export function useHeaderDrag(canDrag: (id: string) => boolean, onMove: (id: string, targetId: string) => void) {
  const [over, setOver] = useState<string | null>(null)
  const accepts = (event: DragEvent) => event.dataTransfer.types.includes(COLUMN_TYPE)

  const source = (id: string): HTMLAttributes<HTMLElement> =>
    canDrag(id)
      ? {
          draggable: true,
          onDragStart: (event) => {
            event.dataTransfer.setData(COLUMN_TYPE, id)
            event.dataTransfer.effectAllowed = 'move'
          },
          onDragEnd: () => setOver(null),
        }
      : {}

  const target = (id: string): HTMLAttributes<HTMLElement> =>
    canDrag(id)
      ? {
          onDragOver: (event) => {
            if (!accepts(event)) return
            event.preventDefault()
            event.dataTransfer.dropEffect = 'move'
            if (over !== id) setOver(id)
          },
          onDragLeave: () => setOver((current) => (current === id ? null : current)),
          onDrop: (event) => {
            if (!accepts(event)) return
            event.preventDefault()
            setOver(null)
            onMove(event.dataTransfer.getData(COLUMN_TYPE), id)
          },
        }
      : {}

  return { over, source, target }
}

export type HeaderDrag = ReturnType<typeof useHeaderDrag>
