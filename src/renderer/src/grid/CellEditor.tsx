import { useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { AgencyEditor, type AgencyChoice } from './editors/AgencyEditor'
import { RolesEditor } from './editors/RolesEditor'
import { TextEditor } from './editors/TextEditor'
import type { MoveAfterCommit } from './editors/types'
import type { EditorKind, GridRow } from './types'

/** What an edit stages: the field's value and, for pickers, what to show for it. */
export interface CommittedValue {
  value: unknown
  display?: Record<string, unknown>
}

interface Props {
  kind: EditorKind
  row: GridRow
  field: string
  label: string
  seed?: string
  /** Checks and stages a value; returns why it was refused, or null when staged. */
  commit(value: CommittedValue, move?: MoveAfterCommit): string | null
  cancel(): void
  /** The cell's content, which pickers anchor their popover to. */
  anchor: ReactNode
  /**
   * Hands the grid a way to commit this edit before a save (Ctrl/Cmd+S): it returns false, and the
   * editor shows why, when the value is refused.
   */
  registerCommit(commitNow: (() => boolean) | null): void
}

const asText = (value: unknown) => (value === null || value === undefined ? '' : String(value))

/** Holds an edit in progress for one cell and hands it to the editor for the column's kind. */
export function CellEditor({ kind, row, field, label, seed, commit, cancel, anchor, registerCommit }: Props) {
  const [text, setText] = useState(() => seed ?? asText(row[field]))
  const [roleIds, setRoleIds] = useState<string[]>(() => (Array.isArray(row[field]) ? (row[field] as string[]) : []))
  const [error, setError] = useState<string | undefined>()
  // A ref, not state: the editor's blur can fire in the same event as the Enter that committed it.
  const done = useRef(false)

  const tryCommit = (committed: CommittedValue, move?: MoveAfterCommit): boolean => {
    if (done.current) return true
    const refusal = commit(committed, move)
    if (refusal) setError(refusal)
    else done.current = true
    return refusal === null
  }
  const stop = () => {
    if (done.current) return
    done.current = true
    cancel()
  }

  // Re-registered on every render so the grid commits what is typed now.
  useLayoutEffect(() => {
    registerCommit(() => {
      if (kind === 'text' || kind === 'email') return tryCommit({ value: text })
      if (kind === 'roles') return tryCommit({ value: roleIds })
      // A picker holds no value until one is chosen: closing it loses nothing.
      stop()
      return true
    })
  })
  useLayoutEffect(() => () => registerCommit(null), [registerCommit])

  switch (kind) {
    case 'text':
    case 'email':
      return (
        <TextEditor
          type={kind}
          seeded={seed !== undefined}
          value={text}
          onChange={(v) => {
            setText(v)
            setError(undefined)
          }}
          onCommit={(v, move) => tryCommit({ value: v ?? text }, move)}
          onCancel={stop}
          label={label}
          error={error}
        />
      )
    case 'agency':
      return (
        <AgencyEditor
          value={{ id: (row.agencyId as string | null) ?? null, name: (row.agencyName as string | null) ?? null }}
          onChange={() => {}}
          onCommit={(choice?: AgencyChoice) =>
            choice && tryCommit({ value: choice.id, display: { agencyName: choice.name } })
          }
          onCancel={stop}
          label={label}
          error={error}
          seed={seed}
          anchor={anchor}
        />
      )
    case 'roles':
      return (
        <RolesEditor
          value={roleIds}
          onChange={(ids) => {
            setRoleIds(ids)
            setError(undefined)
          }}
          onCommit={(ids) => tryCommit({ value: ids ?? roleIds })}
          onCancel={stop}
          label={label}
          error={error}
          anchor={anchor}
        />
      )
    default:
      return null
  }
}
