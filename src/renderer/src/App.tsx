import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiProvider } from './api/ApiProvider'
import { createRosterApi } from './api/transport'
import { Shell } from './shell/Shell'

function createQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // An unreachable database should show its error quickly, with a Retry button.
        retry: 1,
        // Data changes under the admin only when they ask (reload) or save.
        refetchOnWindowFocus: false,
      },
    },
  })
}

export function App() {
  const [api] = useState(createRosterApi)
  const [queryClient] = useState(createQueryClient)
  return (
    <ApiProvider api={api}>
      <QueryClientProvider client={queryClient}>
        <Shell />
      </QueryClientProvider>
    </ApiProvider>
  )
}
