import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Command } from 'cmdk'
import { useEffect, useEffectEvent, useRef, useState } from 'react'
import { useApi } from '../../api/ApiProvider'
import { messageOf, unwrap } from '../../api/request-error'
import { PickerPopover } from '../../grid/editors/PickerPopover'
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
        await api['agencies.choices']({ search, limit: PICKER_LIMIT }),
      ),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  })
}

const NO_AGENCY = '__none__'

/** What Enter means for a typed search: the exact name, else a name starting with it, else a word starting with it, else the first result. */
function bestMatch<Row extends { name: string }>(rows: readonly Row[], search: string): Row | undefined {
  const typed = search.toLowerCase()
  const name = (row: Row) => row.name.toLowerCase()
  return (
    rows.find((row) => name(row) === typed) ??
    rows.find((row) => name(row).startsWith(typed)) ??
    rows.find((row) => name(row).split(/\s+/).some((word) => word.startsWith(typed))) ??
    rows[0]
  )
}

/**
 * A searchable picker over agencies; the server searches, so it works with any number of them.
 * Enter takes the best match of what was typed (waiting for its results if they are on their way),
 * or the option moved to with the arrows; "No agency" is chosen only on purpose.
 */
export function AgencyEditor({ value, onCommit, onCancel, label, seed, anchor }: EditorProps<AgencyChoice>) {
  const [search, setSearch] = useState(seed ?? '')
  // The option moved to with the arrows or the pointer; until then the best match is highlighted.
  const [moved, setMoved] = useState<string | null>(null)
  // Enter pressed before the results of what was typed: they decide once they arrive.
  const enterPending = useRef(false)
  const byUser = useRef(false)
  const input = useRef<HTMLInputElement>(null)
  const typed = search.trim()
  const options = useAgencyOptions(typed)
  const rows = options.data?.rows ?? []
  const answered = options.isSuccess && !options.isPlaceholderData
  const best = typed === '' ? (value.id ?? NO_AGENCY) : answered ? bestMatch(rows, typed)?.id : undefined

  const choose = (id: string) => {
    if (id === NO_AGENCY) return onCommit({ id: null, name: null })
    const agency = rows.find((row) => row.id === id)
    if (agency) onCommit({ id: agency.id, name: agency.name })
    else if (id === value.id) onCommit(value)
  }
  const chooseBest = useEffectEvent(() => {
    if (!enterPending.current || !answered) return
    enterPending.current = false
    if (best) choose(best)
  })
  useEffect(() => chooseBest(), [answered, best])

  return (
    <PickerPopover anchor={anchor} label={label} search={input} onClose={onCancel} onEscapeKeyDown={onCancel}>
      <Command
        label="Search agencies"
        shouldFilter={false}
        loop
        value={moved ?? best ?? ''}
        // cmdk also picks its first option by itself (as results change): only keys the user pressed count.
        onValueChange={(next) => byUser.current && setMoved(next)}
        // Runs just before cmdk's own keys (arrows, Home, End, Ctrl+N/P) in the same call.
        onKeyDown={(e) => {
          if (e.key !== 'Enter') {
            byUser.current = true
            queueMicrotask(() => (byUser.current = false))
            return
          }
          e.preventDefault()
          const target = moved ?? best
          if (target) choose(target)
          else if (!answered) enterPending.current = true
        }}
      >
        <Command.Input
          ref={input}
          className="picker-search"
          aria-label="Search agencies"
          placeholder="Search agencies…"
          value={search}
          onValueChange={(next) => {
            setSearch(next)
            setMoved(null)
          }}
        />
        <Command.List
          className="picker-list"
          onPointerMove={(e) => {
            const item = (e.target as Element).closest('[cmdk-item]')?.getAttribute('data-value')
            if (item && item !== moved) setMoved(item)
          }}
        >
          {options.isError && <div className="picker-note" role="alert">{messageOf(options.error)}</div>}
          {options.isPending && <Command.Loading>Loading agencies…</Command.Loading>}
          <Command.Item value={NO_AGENCY} className="picker-item picker-item-muted" onSelect={() => choose(NO_AGENCY)}>
            No agency
          </Command.Item>
          {rows.map((agency) => (
            <Command.Item
              key={agency.id}
              value={agency.id}
              className="picker-item"
              data-current={agency.id === value.id || undefined}
              onSelect={() => choose(agency.id)}
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
    </PickerPopover>
  )
}
