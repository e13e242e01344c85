import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiProvider } from './api/ApiProvider'
import { createRosterEvents } from './api/events'
import { LiveEventsProvider } from './api/LiveEvents'
import { createRosterApi } from './api/transport'
import { useRefreshOnFocus } from './api/useRefreshOnFocus'
import { useLiveUpdates } from './api/useLiveUpdates'
import { Shell } from './shell/Shell'
import { SignInGate } from './shell/SignInGate'

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // An unreachable database should show its error quickly, with a Retry button.
        retry: 1,
        // What is on screen is read again, fresh, when the window regains focus (useRefreshOnFocus).
        refetchOnWindowFocus: false,
      },
    },
  })
}

function RefreshOnFocus() {
  useRefreshOnFocus()
  return null
}

function LiveUpdates() {
  useLiveUpdates()
  return null
}

export function App() {
  const [api] = useState(createRosterApi)
  const [queryClient] = useState(createQueryClient)
  const [events] = useState(createRosterEvents)
  return (
    <SignInGate>
      <ApiProvider api={api}>
        <QueryClientProvider client={queryClient}>
          <LiveEventsProvider events={events}>
            <RefreshOnFocus />
            <LiveUpdates />
            <Shell />
          </LiveEventsProvider>
        </QueryClientProvider>
      </ApiProvider>
    </SignInGate>
  )
}
