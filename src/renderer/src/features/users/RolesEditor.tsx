import { Command } from 'cmdk'
import { useRef, useState } from 'react'
import { messageOf } from '../../api/request-error'
import { PickerPopover } from '../../grid/editors/PickerPopover'
import type { EditorProps } from '../../grid/editors/types'
import { useAllRoles } from './useAllRoles'

/** A multi-select over every role: Enter or a click toggles one, Done (or clicking away) keeps the choice. */
export function RolesEditor({ value, onChange, onCommit, onCancel, label, error, seed, anchor }: EditorProps<string[]>) {
  const roles = useAllRoles()
  // Typing on the cell starts the search with the key typed.
  const [search, setSearch] = useState(seed ?? '')
  const input = useRef<HTMLInputElement>(null)
  const chosen = new Set(value)
  const toggle = (id: string) => onChange(chosen.has(id) ? value.filter((v) => v !== id) : [...value, id])
  return (
    <PickerPopover
      anchor={anchor}
      label={label}
      search={input}
      onClose={onCommit}
      onEscapeKeyDown={(e) => {
        e.preventDefault()
        onCancel()
      }}
    >
      <Command label="Search roles" loop>
        <Command.Input ref={input} className="picker-search" aria-label="Search roles" placeholder="Search roles…" value={search} onValueChange={setSearch} />
        <Command.List className="picker-list" aria-multiselectable>
          {roles.isError && <div className="picker-note" role="alert">{messageOf(roles.error)}</div>}
          {roles.isPending && <Command.Loading>Loading roles…</Command.Loading>}
          <Command.Empty className="picker-note">No role matches</Command.Empty>
          {roles.data?.list.map((role) => (
            <Command.Item
              key={role.id}
              value={`${role.name} ${role.id}`}
              className="picker-item"
              aria-checked={chosen.has(role.id)}
              onSelect={() => toggle(role.id)}
            >
              <span className="picker-check" aria-hidden="true">
                {chosen.has(role.id) ? '✓' : ''}
              </span>
              {role.name}
            </Command.Item>
          ))}
        </Command.List>
      </Command>
      {error && <div role="alert" className="picker-error">{error}</div>}
      <div className="picker-footer">
        <span>{value.length === 1 ? '1 role' : `${value.length} roles`}</span>
        <button type="button" className="button button--primary button--small" onClick={() => onCommit()}>
          Done
        </button>
      </div>
    </PickerPopover>
  )
}
