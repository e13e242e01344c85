import { createContext, use, type ReactNode } from 'react'
import type { RosterApi } from '../../../shared/contract'

const ApiContext = createContext<RosterApi | null>(null)

export function ApiProvider({ api, children }: { api: RosterApi; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>
}

export function useApi(): RosterApi {
  const api = use(ApiContext)
  if (!api) throw new Error('useApi must be used inside <ApiProvider>')
  return api
}
