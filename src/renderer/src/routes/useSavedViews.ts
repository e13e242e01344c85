import { useCallback, useState } from 'react'
import { useDatabaseStatus } from '../api/queries'
import { databaseIdentity } from '../grid/layout/useColumnLayout'
import type { GridView } from './address'
import { readSavedViews, savedViewsKey, withSavedView, writeSavedViews, type SavedView } from './savedViews'

const storageOf = (key: string | null, screen: string) => ({ key, views: key === null ? [] : readSavedViews(localStorage.getItem(key), screen) })

/**
 * One screen's saved views, kept in localStorage per screen and per open database, as the column
 * layout is. Until the open database is known there are none (and nothing can be saved).
 */
export function useSavedViews(screen: string) {
  const status = useDatabaseStatus()
  const key = status.data ? savedViewsKey(screen, databaseIdentity(status.data)) : null
  const [stored, setStored] = useState(() => storageOf(key, screen))
  // Another database opened: its own views, read while rendering so no frame shows the old ones.
  if (stored.key !== key) setStored(storageOf(key, screen))

  const change = useCallback(
    (update: (views: readonly SavedView[]) => SavedView[]) => {
      if (key === null) return
      // Read again first: another window may have saved a view meanwhile.
      const views = update(readSavedViews(localStorage.getItem(key), screen))
      localStorage.setItem(key, writeSavedViews(views, screen))
      setStored({ key, views })
    },
    [key, screen],
  )
  const save = useCallback((name: string, view: GridView) => change((views) => withSavedView(views, name, view)), [change])
  const remove = useCallback((name: string) => change((views) => views.filter((saved) => saved.name !== name)), [change])
  return { views: stored.views, canSave: key !== null, save, remove }
}
