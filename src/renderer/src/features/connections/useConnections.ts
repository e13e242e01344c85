import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { MethodInput } from '../../../../shared/contract'
import { useApi } from '../../api/ApiProvider'
import { unwrap } from '../../api/request-error'
import { queryKeys } from '../../api/queries'

const connectionsKey = ['connections'] as const

export function useConnectionList() {
  const api = useApi()
  return useQuery({
    queryKey: connectionsKey,
    queryFn: async () => unwrap(await api['connections.list']({})),
  })
}

export function useSaveConnection() {
  const api = useApi()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (input: MethodInput<'connections.save'>) => unwrap(await api['connections.save'](input)),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionsKey }),
  })
}

export function useRemoveConnection() {
  const api = useApi()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api['connections.remove']({ id })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionsKey }),
  })
}

export function useTestConnection() {
  const api = useApi()
  return useMutation({
    mutationFn: async (input: MethodInput<'connections.test'>) => unwrap(await api['connections.test'](input)),
  })
}

/** The host key an SSH server offers, shown for the admin to check before it is trusted. */
export function useSshHostKey() {
  const api = useApi()
  return useMutation({
    mutationFn: async (input: MethodInput<'connections.sshHostKey'>) => unwrap(await api['connections.sshHostKey'](input)),
  })
}

/** Switching databases changes every page the app has read: all of it is fetched again. */
export function useOpenConnection() {
  const api = useApi()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async (id: string) => unwrap(await api['connections.open']({ id })),
    onSuccess: async (status) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== connectionsKey[0] })
      queryClient.setQueryData(queryKeys.databaseStatus, status)
      await queryClient.invalidateQueries({ queryKey: connectionsKey })
    },
  })
}

export function useApplyMigrations() {
  const api = useApi()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: async () => unwrap(await api['database.migrate']({})),
    onSuccess: (status) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== connectionsKey[0] })
      queryClient.setQueryData(queryKeys.databaseStatus, status)
    },
  })
}
