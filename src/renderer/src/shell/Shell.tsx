import { useCallback, useMemo, useRef, useState } from 'react'
import { featureOf, homeScreen } from '../features/registry'
import { ConfirmLeaveDialog } from './ConfirmLeaveDialog'
import { Header } from './Header'
import { NavigationContext, type LeaveGuard, type LinkedFilter, type Navigation, type Screen } from './navigation'
import { Sidebar } from './Sidebar'
import { StatusBar } from './StatusBar'

/** A screen as it was opened: with the filter another screen linked it with, if any. */
interface Visit {
  screen: Screen
  filter: LinkedFilter | null
}

/** Sidebar, header, the current screen and the status bar. */
export function Shell() {
  const [{ screen, filter }, setScreen] = useState<Visit>({ screen: homeScreen, filter: null })
  const [pending, setPending] = useState<{ to: Visit; count: number } | null>(null)
  const guard = useRef<LeaveGuard | null>(null)

  const navigate = useCallback((to: Screen, linked?: LinkedFilter) => {
    const visit = { screen: to, filter: linked ?? null }
    const count = guard.current?.count ?? 0
    if (count > 0) setPending({ to: visit, count })
    else setScreen(visit)
  }, [])
  const setGuard = useCallback((next: LeaveGuard | null) => {
    guard.current = next
  }, [])
  const navigation = useMemo<Navigation>(() => ({ screen, filter, home: homeScreen, navigate, setGuard }), [screen, filter, navigate, setGuard])
  const { Screen: CurrentScreen } = featureOf(screen)

  return (
    <NavigationContext value={navigation}>
      <div className="app">
        <Sidebar />
        <div className="app-main">
          <Header />
          <main className="app-content">
            {/* A screen opened with a filter starts afresh with it. */}
            <CurrentScreen key={filter ? `${screen}:${filter.kind}:${filter.value}` : screen} />
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
