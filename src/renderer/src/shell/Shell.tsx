import { useCallback, useMemo, useRef, useState } from 'react'
import { featureOf, homeScreen } from '../features/registry'
import { ConfirmLeaveDialog } from './ConfirmLeaveDialog'
import { Header } from './Header'
import { NavigationContext, type LeaveGuard, type Navigation, type Screen } from './navigation'
import { Sidebar } from './Sidebar'
import { StatusBar } from './StatusBar'

/** Sidebar, header, the current screen and the status bar. */
export function Shell() {
  const [screen, setScreen] = useState<Screen>(homeScreen)
  const [pending, setPending] = useState<{ to: Screen; count: number } | null>(null)
  const guard = useRef<LeaveGuard | null>(null)

  const navigate = useCallback((to: Screen) => {
    const count = guard.current?.count ?? 0
    if (count > 0) setPending({ to, count })
    else setScreen(to)
  }, [])
  const setGuard = useCallback((next: LeaveGuard | null) => {
    guard.current = next
  }, [])
  const navigation = useMemo<Navigation>(() => ({ screen, home: homeScreen, navigate, setGuard }), [screen, navigate, setGuard])
  const { Screen: CurrentScreen } = featureOf(screen)

  return (
    <NavigationContext value={navigation}>
      <div className="app">
        <Sidebar />
        <div className="app-main">
          <Header />
          <main className="app-content">
            <CurrentScreen key={screen} />
          </main>
        </div>
        <StatusBar />
      </div>
      <ConfirmLeaveDialog
        pending={pending}
        onStay={() => setPending(null)}
        onLeave={() => {
          if (pending) setScreen(pending.to)
          setPending(null)
        }}
      />
    </NavigationContext>
  )
}
