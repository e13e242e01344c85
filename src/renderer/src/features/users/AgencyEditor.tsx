import * as Popover from '@radix-ui/react-popover'
import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Command } from 'cmdk'
import { useState } from 'react'
import { useApi } from '../../api/ApiProvider'
import { messageOf, unwrap } from '../../api/request-error'
import type { EditorProps } from '../../grid/editors/types'

export interface AgencyChoice {
  id: string | null
  name: string | null
}

const PICKER_LIMIT = 50

function useAgencyOptions(search: string) {
  const api = useApi()
  return useQuery({
    queryKey: ['agencies', 'picker', search],
    queryFn: async () =>
      unwrap(
        await api['agencies.list']({ search, limit: PICKER_LIMIT, sort: [{ column: 'name', direction: 'asc' }], filters: {} }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  })
}

/** A searchable picker over agencies; the server searches, so it works with any number of them. */
export function AgencyEditor({ value, onCommit, onCancel, label, seed, anchor }: EditorProps<AgencyChoice>) {
  const [search, setSearch] = useState(seed ?? '')
  const options = useAgencyOptions(search.trim())
  const rows = options.data?.rows ?? []
  return (
    <Popover.Root open onOpenChange={(open) => !open && onCancel()}>
      <Popover.Anchor asChild>{anchor}</Popover.Anchor>
      <Popover.Portal>
        <Popover.Content className="picker" align="start" sideOffset={2} aria-label={label} onEscapeKeyDown={onCancel}>
          <Command label="Search agencies" shouldFilter={false} loop>
            <Command.Input className="picker-search" aria-label="Search agencies" placeholder="Search agencies…" value={search} onValueChange={setSearch} />
            <Command.List className="picker-list">
              {options.isError && <div className="picker-note" role="alert">{messageOf(options.error)}</div>}
              {options.isPending && <Command.Loading>Loading agencies…</Command.Loading>}
              <Command.Item value="__none__" className="picker-item picker-item-muted" onSelect={() => onCommit({ id: null, name: null })}>
                No agency
              </Command.Item>
              {rows.map((agency) => (
                <Command.Item
                  key={agency.id}
                  value={agency.id}
                  className="picker-item"
                  data-current={agency.id === value.id || undefined}
                  onSelect={() => onCommit({ id: agency.id, name: agency.name })}
                >
                  {agency.name}
                </Command.Item>
              ))}
              {options.isSuccess && rows.length === 0 && <div className="picker-note">No agency matches “{search}”</div>}
              {options.data && options.data.total > rows.length && (
                <div className="picker-note">Showing {rows.length} of {options.data.total.toLocaleString()} — type to narrow</div>
              )}
            </Command.List>
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  )
}
