import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { featureOf, features, homeScreen } from '../features/registry'
import { emptyView, type Address, type GridView } from '../routes/address'
import { useHashAddress, type HistoryMode } from '../routes/useHashAddress'
import { ConfirmLeaveDialog } from './ConfirmLeaveDialog'
import { Header } from './Header'
import { NavigationContext, type LeaveGuard, type Navigation, type Screen, type ViewChange } from './navigation'
import { Sidebar } from './Sidebar'
import { StatusBar } from './StatusBar'

const screenIds = features.map((feature) => feature.id)

/** A screen change waiting for "Discard and leave"; `followed`: Back, Forward or a typed address already shows it. */
interface PendingLeave {
  to: Address
  count: number
  followed: boolean
}

/** Sidebar, header, the current screen (at its address in the URL hash) and the status bar. */
export function Shell() {
  const [pending, setPending] = useState<PendingLeave | null>(null)
  const guard = useRef<LeaveGuard | null>(null)
  const { address, go } = useHashAddress(screenIds, homeScreen, (to, from) => {
    const count = guard.current?.count ?? 0
    if (count === 0 || to.screen === from.screen) return true
    setPending({ to, count, followed: true })
    return false
  })
  const { screen, view } = address
  // Each screen's last view this session: the sidebar goes back to it.
  const lastViews = useRef(new Map<Screen, GridView>())
  useEffect(() => {
    lastViews.current.set(screen, view)
  }, [screen, view])

  const navigate = useCallback(
    (to: Screen, toView?: GridView) => {
      const next = { screen: to, view: toView ?? lastViews.current.get(to) ?? emptyView }
      const count = guard.current?.count ?? 0
      if (count > 0 && to !== screen) setPending({ to: next, count, followed: false })
      else go(next, 'push')
    },
    [screen, go],
  )
  const setView = useCallback(
    (next: ViewChange, mode: HistoryMode = 'push') => go((latest) => ({ screen, view: typeof next === 'function' ? next(latest.view) : next }), mode),
    [screen, go],
  )
  const setGuard = useCallback((next: LeaveGuard | null) => {
    guard.current = next
  }, [])
  const navigation = useMemo<Navigation>(() => ({ screen, view, home: homeScreen, navigate, setView, setGuard }), [screen, view, navigate, setView, setGuard])
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
        onStay={() => {
          // The address bar already shows where Back went: it shows this screen again.
          if (pending?.followed) go(address, 'push')
          setPending(null)
        }}
        onLeave={() => {
          if (pending) go(pending.to, pending.followed ? 'replace' : 'push')
          setPending(null)
        }}
      />
    </NavigationContext>
  )
}
