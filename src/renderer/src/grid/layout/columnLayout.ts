import { z } from 'zod'

/**
 * How one grid's columns are laid out: their order, which are hidden, their widths, and whether
 * the key column (the first of the resource's columns, the one naming the row: Name) stays on the
 * left while scrolling sideways. Plain data, kept per resource and per database.
 */
export interface ColumnLayout {
  /** Column ids, left to right (hidden ones keep their place). */
  order: readonly string[]
  hidden: readonly string[]
  /** Widths the admin set, by column id; the others have the resource's width. */
  sizes: Readonly<Record<string, number>>
  frozen: boolean
}

export const MIN_COLUMN_WIDTH = 60
export const MAX_COLUMN_WIDTH = 1200

/** What localStorage holds: anything else (edited by hand, an older shape) is the default layout. */
const storedLayout = z.object({
  order: z.array(z.string()).max(200),
  hidden: z.array(z.string()).max(200),
  sizes: z.record(z.string(), z.number().int().min(MIN_COLUMN_WIDTH).max(MAX_COLUMN_WIDTH)),
  frozen: z.boolean(),
})

/** The key column first as frozen; every column shown at its own width. */
export const defaultLayout = (columnIds: readonly string[]): ColumnLayout => ({ order: columnIds, hidden: [], sizes: {}, frozen: true })

/**
 * A layout made to fit the resource's columns as they are now: unknown ids dropped, new columns
 * added at the end, the key column (`columnIds[0]`) never hidden.
 */
export function fitLayout(layout: ColumnLayout, columnIds: readonly string[]): ColumnLayout {
  const known = new Set(columnIds)
  const order = [...new Set(layout.order.filter((id) => known.has(id)))]
  const placed = new Set(order)
  return {
    order: [...order, ...columnIds.filter((id) => !placed.has(id))],
    hidden: [...new Set(layout.hidden.filter((id) => known.has(id) && id !== columnIds[0]))],
    sizes: Object.fromEntries(Object.entries(layout.sizes).filter(([id]) => known.has(id))),
    frozen: layout.frozen,
  }
}

/** The layout stored as `raw` (JSON text, or null when none is), fitted to the columns. */
export function readLayout(raw: string | null, columnIds: readonly string[]): ColumnLayout {
  if (raw === null) return defaultLayout(columnIds)
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return defaultLayout(columnIds)
  }
  const parsed = storedLayout.safeParse(json)
  return parsed.success ? fitLayout(parsed.data, columnIds) : defaultLayout(columnIds)
}

/** The columns left to right as shown: a frozen key column first, then the admin's order. */
export function shownOrder(layout: ColumnLayout, keyId: string): string[] {
  return layout.frozen ? [keyId, ...layout.order.filter((id) => id !== keyId)] : [...layout.order]
}

/** The visible columns, left to right: the order keyboard moves, ranges and copies follow. */
export function visibleIds(layout: ColumnLayout, keyId: string): string[] {
  const hidden = new Set(layout.hidden)
  return shownOrder(layout, keyId).filter((id) => !hidden.has(id))
}

/** Whether `id` can move `step` places (−1 left/up, +1 right/down): not past the ends, nor past a frozen key column. */
export function canMove(layout: ColumnLayout, keyId: string, id: string, step: -1 | 1): boolean {
  const order = shownOrder(layout, keyId)
  const from = order.indexOf(id)
  const to = from + step
  if (from < 0 || to < 0 || to >= order.length) return false
  return !(layout.frozen && (id === keyId || order[to] === keyId))
}

/** Moves `id` one place left (−1) or right (+1) in the shown order; unchanged when it cannot move. */
export function moveColumn(layout: ColumnLayout, keyId: string, id: string, step: -1 | 1): ColumnLayout {
  if (!canMove(layout, keyId, id, step)) return layout
  const order = shownOrder(layout, keyId)
  const from = order.indexOf(id)
  ;[order[from], order[from + step]] = [order[from + step]!, order[from]!]
  return { ...layout, order }
}

/** Puts `id` where `targetId` is (a header dropped on another); a frozen key column stays first. */
export function moveColumnTo(layout: ColumnLayout, keyId: string, id: string, targetId: string): ColumnLayout {
  const order = shownOrder(layout, keyId)
  const from = order.indexOf(id)
  const to = order.indexOf(targetId)
  if (from < 0 || to < 0 || from === to || (layout.frozen && (id === keyId || targetId === keyId))) return layout
  order.splice(from, 1)
  order.splice(to, 0, id)
  return { ...layout, order }
}

/** Shows or hides a column; the key column is always shown. */
export function setHidden(layout: ColumnLayout, keyId: string, id: string, hidden: boolean): ColumnLayout {
  if (id === keyId) return layout
  const others = layout.hidden.filter((h) => h !== id)
  return { ...layout, hidden: hidden ? [...others, id] : others }
}

/** Widths as the table reports them (resizing), kept within bounds and whole pixels. */
export function withSizes(layout: ColumnLayout, sizes: Readonly<Record<string, number>>): ColumnLayout {
  const bounded = Object.entries(sizes).map(([id, size]) => [id, Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, size)))])
  return { ...layout, sizes: Object.fromEntries(bounded) }
}

/** Where a layout is kept: one per resource and per database (`database` names it, never with a password). */
export const layoutStorageKey = (resource: string, database: string) => `roster.columns.v1:${resource}:${database}`
