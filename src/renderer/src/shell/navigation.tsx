import { createContext, use, useEffect } from 'react'

export const screens = ['users', 'agencies', 'roles', 'connection'] as const
export type Screen = (typeof screens)[number]

export interface LeaveGuard {
  /** Unsaved changes on the screen; leaving with any asks first. */
  count: number
}

export interface Navigation {
  screen: Screen
  /** Goes to another screen, asking first when the current one has unsaved changes. */
  navigate(to: Screen): void
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
