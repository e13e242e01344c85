import { useCallback, useMemo, useRef, useState } from 'react'
import { ConnectionsScreen } from '../features/connections'
import { AgenciesScreen } from '../features/agencies/AgenciesScreen'
import { RolesScreen } from '../features/roles/RolesScreen'
import { UsersScreen } from '../features/users/UsersScreen'
import { ConfirmLeaveDialog } from './ConfirmLeaveDialog'
import { Header } from './Header'
import { NavigationContext, type LeaveGuard, type Navigation, type Screen } from './navigation'
import { SchemaNotice } from './SchemaNotice'
import { Sidebar } from './Sidebar'
import { StatusBar } from './StatusBar'

const gridScreens = {
  users: UsersScreen,
  agencies: AgenciesScreen,
  roles: RolesScreen,
} as const

/** Sidebar, header, the current screen and the status bar. */
export function Shell() {
  const [screen, setScreen] = useState<Screen>('users')
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
  const navigation = useMemo<Navigation>(() => ({ screen, navigate, setGuard }), [screen, navigate, setGuard])
  const GridScreen = screen === 'connection' ? null : gridScreens[screen]

  return (
    <NavigationContext value={navigation}>
      <div className="app">
        <Sidebar />
        <div className="app-main">
          <Header />
          <main className="app-content">
            {GridScreen ? (
              <>
                <SchemaNotice />
                <GridScreen key={screen} />
              </>
            ) : (
              <ConnectionsScreen />
            )}
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
