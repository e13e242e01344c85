import { createContext, use, useEffect } from 'react'
import type { ScreenId } from '../features/registry'

/** The screens are the features in the registry. */
export type Screen = ScreenId

export interface LeaveGuard {
  /** Unsaved changes on the screen; leaving with any asks first. */
  count: number
}

/**
 * A filter one screen opens another with, e.g. the users of one agency (which that screen's
 * resource knows by `kind`, see GridResource.linkedFilters); shown there until it is removed.
 */
export interface LinkedFilter {
  kind: string
  value: string
  /** How it reads on the screen: "Agency: Cedar". */
  label: string
}

export interface Navigation {
  screen: Screen
  /** The filter the current screen was opened with, if any. */
  filter: LinkedFilter | null
  /** Where the app opens: the first screen of the registry. */
  home: Screen
  /** Goes to another screen (optionally filtered), asking first when the current one has unsaved changes. */
  navigate(to: Screen, filter?: LinkedFilter): void
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
