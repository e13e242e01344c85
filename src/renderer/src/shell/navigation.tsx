import { createContext, use, useEffect } from 'react'
import type { ScreenId } from '../features/registry'
import type { GridView } from '../routes/address'
import type { HistoryMode } from '../routes/useHashAddress'

/** The screens are the features in the registry. */
export type Screen = ScreenId

export interface LeaveGuard {
  /** Unsaved changes on the screen; leaving with any asks first. */
  count: number
}

/** A view, or how to change the latest one (not the one the last render saw). */
export type ViewChange = GridView | ((latest: GridView) => GridView)

export interface Navigation {
  screen: Screen
  /** How the current screen's grid is viewed (search, sort, filters): kept in its address. */
  view: GridView
  /** Where the app opens: the first screen of the registry. */
  home: Screen
  /**
   * Goes to another screen, with this view or else the one it had last, asking first when the
   * current screen has unsaved changes.
   */
  navigate(to: Screen, view?: GridView): void
  /** Changes the current screen's view: a new history entry (Back returns to this one) unless `replace`. */
  setView(view: ViewChange, mode?: HistoryMode): void
  setGuard(guard: LeaveGuard | null): void
}

export const NavigationContext = createContext<Navigation | null>(null)

export function useNavigation(): Navigation {
  const navigation = use(NavigationContext)
  if (!navigation) throw new Error('useNavigation must be used inside the app shell')
  return navigation
}

/** Makes leaving the screen (or closing the window) ask while `count` changes are unsaved. */
export function useLeaveGuard(count: number) {
  const { setGuard } = useNavigation()
  useEffect(() => {
    setGuard({ count })
    return () => setGuard(null)
  }, [count, setGuard])
  useEffect(() => {
    if (count === 0) return
    const warn = (event: BeforeUnloadEvent) => event.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [count])
}
