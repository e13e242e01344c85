import { z } from 'zod'
import { emptyView, formatAddress, parseAddress, type GridView } from './address'

/** A view kept under a name: how a grid was searched, sorted and filtered. */
export interface SavedView {
  name: string
  view: GridView
}

export const MAX_VIEW_NAME = 60
/** Enough for anyone's habits; the oldest go past it. */
const MAX_SAVED_VIEWS = 50

/** What localStorage holds: each view as its address, so the address's reader checks it. */
const storedViews = z.array(z.object({ name: z.string().min(1).max(MAX_VIEW_NAME), address: z.string().max(8000) })).max(MAX_SAVED_VIEWS)

/** The views stored as `raw` (JSON text, or null when none are); anything unreadable is left out. */
export function readSavedViews(raw: string | null, screen: string): SavedView[] {
  if (raw === null) return []
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return []
  }
  const parsed = storedViews.safeParse(json)
  return parsed.success ? parsed.data.map(({ name, address }) => ({ name, view: parseAddress(address, [screen], screen).view })) : []
}

export const writeSavedViews = (views: readonly SavedView[], screen: string) =>
  JSON.stringify(views.map(({ name, view }) => ({ name, address: formatAddress({ screen, view }) })))

/** `views` with `view` saved as `name` (trimmed): a view of that name is replaced, in its place. */
export function withSavedView(views: readonly SavedView[], name: string, view: GridView): SavedView[] {
  const trimmed = name.trim()
  const index = views.findIndex((saved) => saved.name === trimmed)
  if (index >= 0) return views.map((saved, i) => (i === index ? { name: trimmed, view } : saved))
  return [...views, { name: trimmed, view }].slice(-MAX_SAVED_VIEWS)
}

/** Whether two views show the same rows the same way. */
export const sameView = (a: GridView, b: GridView) => formatAddress({ screen: '', view: a }) === formatAddress({ screen: '', view: b })

export const isEmptyView = (view: GridView) => sameView(view, emptyView)

/** Where a screen's saved views are kept: per screen and per database (`database` names it, never with a password). */
export const savedViewsKey = (screen: string, database: string) => `roster.views.v1:${screen}:${database}`
